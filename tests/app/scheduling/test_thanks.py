"""When the thanks of someone noted present leaves (app/scheduling/thanks.py), a collective session's and a
learning visit's alike."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from app.scheduling.thanks import thanks_due_at
from models import MeetingStatus

NOW = datetime(2027, 3, 10, 12)


def _day(start: int, end: int, status: MeetingStatus = MeetingStatus.SCHEDULED) -> SimpleNamespace:
    return SimpleNamespace(starts_at=datetime(2027, 3, start, 9), ends_at=datetime(2027, 3, end, 17), status=status)


def test_thanks_wait_for_the_last_day_while_the_event_goes_on_and_leave_at_once_after():
    assert thanks_due_at([_day(10, 10), _day(11, 11)], now=NOW) == datetime(2027, 3, 11, 17)
    assert thanks_due_at([_day(8, 8), _day(9, 9)], now=NOW) is None


def test_a_cancelled_last_day_does_not_hold_the_thanks():
    assert thanks_due_at([_day(10, 10), _day(12, 12, MeetingStatus.CANCELLED)], now=NOW) == datetime(2027, 3, 10, 17)
    assert thanks_due_at([_day(9, 9), _day(12, 12, MeetingStatus.CANCELLED)], now=NOW) is None
    assert thanks_due_at([_day(12, 12, MeetingStatus.CANCELLED)], now=NOW) is None
