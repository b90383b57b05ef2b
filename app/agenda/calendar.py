"""A collective session in a calendar: its slots with the way to its page, where the connection link is given
(walk 6: the event of a webinar said neither where nor how to join, the link being on the session's page only)."""

from __future__ import annotations

from collections.abc import Iterable

from app.scheduling.ics import meeting_event, meeting_ics, meetings_ics
from app.scheduling.meeting_pages import session_page
from icalendar import Event
from models import CollectiveSession, Meeting, MeetingStatus, User

ONLINE_NOTE = "Session en ligne\u00a0: le lien de connexion est donné sur sa page quelques heures avant le début."


def page_url(session: CollectiveSession) -> str:
    return session_page(session.id)


def description(session: CollectiveSession, *, with_kind: bool = False) -> str:
    """The session's presentation (after its kind in the public feed), then how to join when it is online."""
    text = f"{session.kind.label}. {session.description}" if with_kind else session.description
    return f"{text.strip()}\n\n{ONLINE_NOTE}".strip() if session.online else text.strip()


def session_ics(session: CollectiveSession, *, cancelled: bool = False, attendees: Iterable[User] = ()) -> bytes:
    """The session's slots as one file (METHOD:REQUEST, or CANCEL), for a mail or a download. A slot cancelled on
    its own is left out of a REQUEST (its own CANCEL removed it; a newcomer never had it)."""
    slots = session.slots if cancelled else [slot for slot in session.slots if slot.status is not MeetingStatus.CANCELLED]
    return meetings_ics(slots, cancelled=cancelled, attendees=attendees, description=description(session),
                        page_url=page_url(session))


def slot_ics(slot: Meeting, session: CollectiveSession, *, attendees: Iterable[User]) -> bytes:
    """One slot alone as a file (its METHOD:CANCEL once cancelled on its own): the other slots stay as they were in
    the calendars that hold them."""
    return meeting_ics(slot, attendees=list(attendees), description=description(session), page_url=page_url(session))


def slot_event(slot: Meeting, session: CollectiveSession, *, with_kind: bool = False) -> Event:
    """One slot in a subscribed calendar (the public agenda, a person's own feed)."""
    return meeting_event(slot, description=description(session, with_kind=with_kind), page_url=page_url(session))
