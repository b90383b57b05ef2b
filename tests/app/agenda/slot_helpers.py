"""What the agenda's slot tests share: two slots to come a week apart, and the mails of one event by recipient."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.agenda import services
from models import OutboxMessage, utcnow


def two_slots(days: int = 10) -> list[services.SlotTimes]:
    """Two slots of two hours, ``days`` and ``days + 7`` days from now. At half past, so that a mail's time reads
    « 14 h 30 » whatever the minute the test runs at (on the hour the mail says « 14 h », which made a test fail
    once an hour)."""
    start = (utcnow() + timedelta(days=days)).replace(minute=30, second=0, microsecond=0)
    return [services.SlotTimes(start, start + timedelta(hours=2)),
            services.SlotTimes(start + timedelta(days=7), start + timedelta(days=7, hours=2))]


def mails_of(db, event: str) -> dict[int, OutboxMessage]:
    """The queued mails of ``event`` (its key's part, « promoted », « slot_cancelled »…), by recipient id."""
    return {m.recipient_id: m for m in db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(f":{event}")))}
