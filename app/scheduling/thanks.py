"""The thanks of someone noted present at an event held over days (a collective session's slots, a learning visit's
two days), which asks their feedback: when it leaves, and how it is taken back from one noted present by mistake.

The owner writes the mail in its own words (``app.agenda.mails``, ``app.visits.registrations``) under an outbox key
carrying its registration's ``version``: saving the presences again thanks nobody twice (same key), and a thanks
taken back before it left moves the version, so being noted present again thanks once more.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from app.extensions import db
from app.notifications.outbox import cancel_pending
from models import Meeting, MeetingStatus, utcnow


class Versioned(Protocol):
    """A registration whose mails' keys carry its version (``CollectiveRegistration``, ``VisitRegistration``)."""

    version: int


def thanks_due_at(days: Iterable[Meeting], *, now: datetime | None = None) -> datetime | None:
    """When the thanks of someone noted present leaves: at the end of the event's last day not cancelled while it
    goes on (noted at the door, they are thanked once it is over), or at once (None) when it has ended."""
    ends = [day.ends_at for day in days if day.status is not MeetingStatus.CANCELLED]
    end = max(ends) if ends else None
    return end if end is not None and end > (now or utcnow()) else None


def take_back_thanks(registration: Versioned, *, key_prefix: str) -> bool:
    """Someone noted present by mistake, then not: their thanks still waiting (``key_prefix``: its keys, of the
    registration's current version) are not sent, and a new version lets a later save thank them once again.
    Thanks already sent stay the one mail. Whether one was taken back."""
    if not cancel_pending(db.session, key_prefix=key_prefix):
        return False
    registration.version += 1
    return True
