"""Rules of the collective sessions shared by publishing, editing, moving a slot and cancelling.

``AgendaRefused`` lives here so that every agenda module may raise it (``services`` re-exports it).
"""

from __future__ import annotations

from datetime import datetime

from app.refused import Problem, Refused
from app.text_rules import one_line_break, text_problem
from app.typography import after_colon


class AgendaRefused(Refused):
    """A rule of the collective sessions said no."""


#: Longest « Message aux inscrit·es » sent with a cancellation or a new time: a few lines, not a newsletter.
MESSAGE_MAX = 400


def venue_problems(*, online: bool, video_url: str | None, place: str) -> list[Problem]:
    """An online session needs its link, one in person its place (at publication and at each edit)."""
    if online and not video_url:
        return [Problem("Une session en ligne a besoin de son lien de connexion.", "video_url")]
    if not online and not place.strip():
        return [Problem("Indiquez le lieu de la session.", "place")]
    return []


def deadline_problem(deadline: datetime | None, first_start: datetime | None) -> Problem | None:
    """A registration deadline after the first slot's start would leave registrations open once it began."""
    if deadline is not None and first_start is not None and deadline > first_start:
        return Problem("La date limite d'inscription doit précéder le premier créneau.", "registration_deadline")
    return None


def message_to_registrants(message: str | None) -> str:
    """The organisers' optional word to the people signed up (stripped), refused beyond ``MESSAGE_MAX``."""
    problem = text_problem(message, most=MESSAGE_MAX, multiline=True)
    if problem:
        raise AgendaRefused.of([Problem(f"Message aux inscrit·es\u00a0: {after_colon(problem)}", "message")])
    return one_line_break((message or "").strip())
