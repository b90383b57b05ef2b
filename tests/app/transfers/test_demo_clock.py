"""The demo's story counts its days from today in Paris: loaded at 23 h 30 UTC on 31 December (0 h 30 on 1 January
there), « today at 10 h » is 1 January at 10 h, not 31 December, a day already gone for the people reading it."""

from __future__ import annotations

from datetime import datetime

from app.agenda.demo import load_demo_calendar
from app.transfers.demo_clock import DemoClock
from models import CollectiveSession, Role

NEW_YEAR_IN_PARIS = datetime(2026, 12, 31, 23, 30)


def test_the_story_s_today_is_the_day_in_paris(db):
    clock = DemoClock(db, NEW_YEAR_IN_PARIS)
    assert clock.today == datetime(2027, 1, 1)
    assert clock.at(0, 10) == datetime(2027, 1, 1, 9)  # 10 h in Paris, winter


def _calendar(db, organiser, today: datetime) -> list[datetime]:
    """The first starts of the demo calendar loaded at ``today``, then removed (it is added once)."""
    load_demo_calendar(db, organiser=organiser, today=today)
    starts = sorted(s.starts_at for s in db.query(CollectiveSession))
    db.query(CollectiveSession).delete()
    db.commit()
    return starts


def test_the_demo_calendar_counts_from_the_day_in_paris(db, make_user):
    organiser = make_user(Role.ORGANISER, name="Avise")
    at_half_past_midnight = _calendar(db, organiser, NEW_YEAR_IN_PARIS)
    assert at_half_past_midnight and at_half_past_midnight == _calendar(db, organiser, datetime(2027, 1, 1, 12))
