"""When a collective session's page offers « Rejoindre la session en ligne », and for which slot.

The connection link is for registered people, around one slot at a time: from a few hours before a slot starts
(``AGENDA_LINK_HOURS_BEFORE``) until it ends (``meeting_pages.is_over``). Between two slots a week apart the page
used to offer it all week long, naming no slot, as if the session were on; after the last one it led to a call long
over (the replay has its own link).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from app.scheduling.meeting_pages import is_over
from models import CollectiveRegistration, CollectiveSession, Meeting, MeetingStatus, RegistrationStatus, utcnow


@dataclass(frozen=True)
class JoinLink:
    """A slot of a session held online, as its page names it to a registered person."""

    slot: Meeting
    #: Its rank among the session's slots (« créneau 2 »), counting them all, as the list of slots does.
    number: int
    #: Whether the link is shown now (the slot about to start or running); else it will be, before this slot.
    shown: bool


def _slots_to_come(session: CollectiveSession, now: datetime) -> list[tuple[int, Meeting]]:
    return [(number, slot) for number, slot in enumerate(session.slots, start=1)
            if slot.status is not MeetingStatus.CANCELLED and not is_over(slot, now)]


def join_link(session: CollectiveSession, registration: CollectiveRegistration | None,
              now: datetime | None = None) -> JoinLink | None:
    """The slot the page speaks of to ``registration``'s person: the one whose link is shown now, else the next one
    (its link to come); None when the session is not held online with a link, the person not registered, or every
    slot over."""
    if not session.online or not session.video_url:
        return None
    if registration is None or registration.status is not RegistrationStatus.REGISTERED:
        return None
    now = now or utcnow()
    ahead = timedelta(hours=current_app.config.get("AGENDA_LINK_HOURS_BEFORE", 3))
    to_come = _slots_to_come(session, now)
    if not to_come:
        return None
    number, slot = to_come[0]
    return JoinLink(slot=slot, number=number, shown=slot.starts_at - ahead <= now)


def link_shown(session: CollectiveSession, registration: CollectiveRegistration | None,
               now: datetime | None = None) -> bool:
    """Whether « Rejoindre la session en ligne » is on the page now."""
    link = join_link(session, registration, now)
    return link is not None and link.shown
