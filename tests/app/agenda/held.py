"""Moving a session's slots in time, for the tests that need it held, under way or over."""

from __future__ import annotations

from datetime import datetime, timedelta

from models import CollectiveSession


def set_slots_at(db, session: CollectiveSession, start: datetime, hours: float = 2) -> None:
    """Every slot of ``session`` from ``start`` (naive UTC) for ``hours``, committed."""
    for slot in session.slots:
        slot.starts_at, slot.ends_at = start, start + timedelta(hours=hours)
    db.commit()
