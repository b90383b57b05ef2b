"""The demo's transfers happened over the past months: each step runs through the services today, then what it
wrote is dated on its day of the story.

A service stamps its rows with ``utcnow()`` (a step's event, its notices and mails, a message, a report); the demo
tells a story of weeks and months. ``DemoClock.on(when)`` runs one step, then moves every stamp written during it
(a time at or after the step began) to ``when``. Only stamps move, never a meeting's own times: a day planned in
two weeks stays in two weeks. The step's mails are marked sent on that day: they belong to the story, none leaves
when the site starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, or_, select
from sqlalchemy.orm import Session

from app.demo_days import working_day
from app.scheduling.wall_clock import day_of
from models import (
    EditStamp, ExperienceSheet, Meeting, Need, Notification, OutboxMessage, Pairing, PairingDay, PairingEvent,
    PairingFeedback, TransferMessage, VisitHostProposal, utcnow,
)

#: The tables a step of the story writes (a transfer's, a proposal to host a visit's: ``app/visits/demo.py``), and
#: the names of their stamps (when a row was written, never when a thing will happen: ``Meeting.starts_at`` is not one).
DATED = (Pairing, PairingEvent, PairingDay, PairingFeedback, TransferMessage, ExperienceSheet, Notification,
         OutboxMessage, Meeting, Need, EditStamp, VisitHostProposal)
STAMPS = frozenset({"created_at", "updated_at", "at", "status_changed_at", "decided_at", "completed_at",
                    "reported_at", "published_at", "digested_at", "due_at", "edited_at"})
PARIS = ZoneInfo("Europe/Paris")
#: A notice of the story older than this many days has been read; the newer ones wait under the bell.
UNREAD_DAYS = 3


def paris_time(day: datetime, hour: float) -> datetime:
    """``day`` at ``hour`` (10.5 = 10 h 30) in Paris, as naive UTC like every stored time."""
    local = datetime.combine(day.date(), time(int(hour), int(round(hour % 1 * 60))), tzinfo=PARIS)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


class DemoClock:
    """Days of the story counted from today (``at(-30, 14)``: thirty days ago at 2 p.m. in Paris)."""

    def __init__(self, session: Session, today: datetime | None = None) -> None:
        self.session = session
        # The story's days are Paris days: loaded at 23 h 30 UTC on 31 December, « today » is 1 January.
        self.today = datetime.combine(day_of(today or utcnow()), time())

    def at(self, days: int, hour: float = 10) -> datetime:
        return paris_time(self.today + timedelta(days=days), hour)

    def working_day(self, days: int) -> int:
        """``days`` from today moved off the weekend (``app/demo_days.py``): when a meeting of the story is held."""
        return working_day(self.today.date(), days)

    @contextmanager
    def on(self, days: int, hour: float = 10) -> Iterator[datetime]:
        """Run the block as the story's step of that day: what it stamped is dated then."""
        when, began = self.at(days, hour), utcnow()
        yield when
        self.session.flush()
        for model in DATED:
            columns = [c for c in model.__table__.columns if c.name in STAMPS and isinstance(c.type, DateTime)]
            rows = self.session.scalars(select(model).where(or_(*(c >= began for c in columns))))
            for row in rows:
                for column in columns:
                    value = getattr(row, column.key)
                    if value is not None and value >= began:
                        setattr(row, column.key, when)
                if isinstance(row, OutboxMessage) and row.sent_at is None and row.cancelled_at is None:
                    row.sent_at = when
        self.session.flush()

    def read_older_notices(self) -> None:
        """The story's notices older than ``UNREAD_DAYS`` are read; each person's bell counts the newer ones."""
        recent = self.at(-UNREAD_DAYS, 0)
        for notice in self.session.scalars(select(Notification).where(Notification.read_at.is_(None),
                                                                      Notification.created_at < recent)):
            notice.read_at = notice.created_at + timedelta(hours=2)
        self.session.flush()
