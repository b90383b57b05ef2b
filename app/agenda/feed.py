"""The public calendar feed of the agenda (``/agenda.ics``): upcoming sessions open to all poles."""

from __future__ import annotations

from app.agenda.queries import AgendaFilters, agenda
from app.agenda.calendar import slot_event
from app.scheduling.ics import feed_ics
from models import Audience


def public_agenda_ics() -> bytes:
    """Every slot of every upcoming, not cancelled session open to all; links to join are never in it."""
    events = []
    for session in agenda(AgendaFilters()):
        if session.cancelled_at is not None or session.audience is not Audience.ALL:
            continue
        for slot in session.slots:
            # Slots carry no connection link (it stays on the session, for registered people only).
            events.append(slot_event(slot, session, with_kind=True))
    return feed_ics(events, name="Entrepairs — agenda des PTCE")
