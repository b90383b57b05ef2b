"""Rules of the collective sessions shared by publishing, editing, moving a slot and cancelling.

``AgendaRefused`` lives here so that every agenda module may raise it (``services`` re-exports it).
"""

from __future__ import annotations

from datetime import datetime

from app.agenda.audience import may_run
from app.agenda.mails import reachable
from app.refused import Problem, Refused
from app.text_rules import one_line_break, text_problem
from app.typography import after_colon
from models import CollectiveSession, RegistrationStatus, User


class AgendaRefused(Refused):
    """A rule of the collective sessions said no."""


#: Longest texts of a session and of a feedback, in characters: the forms say them, the service refuses beyond.
TITLE_MAX, DESCRIPTION_MAX, SPEAKERS_MAX, PLACE_MAX, FEEDBACK_MAX = 200, 8000, 300, 300, 4000
#: Seats a session may offer (the database says the same: ``capacity_range``), and what the forms and rules say.
CAPACITY_MIN, CAPACITY_MAX = 1, 5000
CAPACITY_MESSAGE = "De 1 à 5\u00a0000 places."
#: A session's texts: (field, longest, required, multi-line).
SESSION_TEXTS = (("title", TITLE_MAX, True, False), ("description", DESCRIPTION_MAX, False, True),
                 ("speakers", SPEAKERS_MAX, False, False), ("place", PLACE_MAX, False, False))


def text_problems(values: object) -> list[Problem]:
    """The session's texts (attributes of ``values``: a draft to publish, the changes of an edit) that are
    missing or too long, each naming its field."""
    return [Problem(problem, name) for name, most, required, multiline in SESSION_TEXTS
            if (problem := text_problem(getattr(values, name), most=most, required=required, multiline=multiline))]


#: Longest « Message aux inscrit·es » sent with a cancellation or a new time: a few lines, not a newsletter.
MESSAGE_MAX = 400


def capacity_problem(capacity: int) -> Problem | None:
    """Seats out of range (at publication and at each edit)."""
    if not CAPACITY_MIN <= capacity <= CAPACITY_MAX:
        return Problem(CAPACITY_MESSAGE, "capacity")
    return None


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


def slot_cancel_reason(reason: str | None) -> str:
    """Why one slot is cancelled (stripped): required, since it is all the people signed up learn of it, and
    refused beyond ``MESSAGE_MAX`` like the organisers' other words to them."""
    problem = text_problem(reason, most=MESSAGE_MAX, required=True, multiline=True)
    if problem:
        raise AgendaRefused.of([Problem(f"Motif\u00a0: {after_colon(problem)}", "reason")])
    return one_line_break((reason or "").strip())


def unread_message(session: CollectiveSession, message: str) -> Problem | None:
    """A « Message aux inscrit·es » typed with nobody registered or waiting: refused on its field, the form keeps
    it, rather than saved with the change and read by no one."""
    if message and not reachable(session):
        return Problem("Personne n'est inscrit ni en liste d'attente\u00a0: ce message n'aurait aucun destinataire. "
                       "Videz ce champ pour enregistrer.", "message")
    return None


def check_runs(session: CollectiveSession, organiser: User) -> None:
    """Only the team that runs the session changes it (``audience.may_run``)."""
    if not may_run(session, organiser):
        raise AgendaRefused("Seule l'équipe qui organise cette session peut le faire.")


def seat_given_meanwhile(seen: RegistrationStatus | None, now: RegistrationStatus) -> str | None:
    """The refusal when « Quitter la liste d'attente » comes from a page opened before a seat went to the person: she
    agreed to lose her rank in the queue, not the seat she holds now, which would go to nobody she was told of."""
    if seen is RegistrationStatus.WAITLISTED and now is RegistrationStatus.REGISTERED:
        return ("Une place s'est libérée entre-temps\u00a0: votre inscription à cette session est confirmée (un e-mail "
                "vous l'a dit). Rien n'a été annulé. Si vous ne pouvez pas venir, «\u00a0Se désinscrire\u00a0» "
                "rend la place à la personne suivante.")
    return None
