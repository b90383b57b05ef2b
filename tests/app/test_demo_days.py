"""The demo's meetings are moved off the weekend: a day to come to the Monday after, a day held to the Friday
before (walk 5: a transfer day planned on a Saturday, depending on the day the demo was loaded)."""

from __future__ import annotations

from datetime import date, timedelta

from app.demo_days import working_day

SUNDAY = date(2026, 12, 6)


def test_a_day_to_come_on_a_weekend_goes_to_the_monday_after():
    assert SUNDAY.weekday() == 6
    assert working_day(SUNDAY, 0) == 1  # today is a Sunday: Monday
    assert working_day(SUNDAY, 6) == 8  # Saturday: Monday
    assert working_day(SUNDAY, 7) == 8  # Sunday: Monday
    assert working_day(SUNDAY, 5) == 5  # a Friday stays


def test_a_day_held_on_a_weekend_goes_to_the_friday_before_and_stays_held():
    assert working_day(SUNDAY, -1) == -2  # Saturday: Friday
    assert working_day(SUNDAY, -7) == -9  # Sunday: Friday
    assert working_day(SUNDAY, -3) == -3  # a Thursday stays


def test_every_day_from_every_today_is_a_weekday_on_the_same_side_of_today():
    for start in range(7):
        today = SUNDAY + timedelta(days=start)
        for days in range(-30, 31):
            moved = working_day(today, days)
            assert (today + timedelta(days=moved)).weekday() < 5
            assert abs(moved - days) <= 3 and (moved >= 0) == (days >= 0)


def test_a_day_on_a_fixed_public_holiday_moves_to_the_next_working_day():
    assert working_day(SUNDAY, 19) == 22  # Friday 25 December: Monday 28
    assert working_day(date(2026, 11, 10), 1) == 2  # Wednesday 11 November: Thursday 12
    assert working_day(date(2026, 11, 12), -1) == -2  # held on 11 November: Tuesday 10
