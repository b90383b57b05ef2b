"""The network's year and months on the wall clocks of Paris, as the naive UTC every stored time uses."""

from __future__ import annotations

from datetime import date, datetime, time

from app.scheduling.wall_clock import day_of, month_bounds, to_utc_naive, year_bounds, year_of
from app.transfers.pair_rules import year_start


def test_a_year_begins_and_ends_at_midnight_in_paris():
    assert year_bounds(2027) == (datetime(2026, 12, 31, 23, 0), datetime(2027, 12, 31, 23, 0))


def test_half_past_midnight_on_new_years_day_in_paris_is_already_the_new_year():
    new_year_night = datetime(2026, 12, 31, 23, 30)  # 0 h 30 on 1 January 2027 in Paris
    assert year_of(new_year_night) == 2027
    assert year_of(datetime(2026, 12, 31, 22, 30)) == 2026


def test_a_resource_persons_yearly_capacity_restarts_at_midnight_in_paris():
    """A transfer asked at 0 h 30 on 1 January counts in the new year's capacity, not in the one just ended."""
    assert year_start(datetime(2026, 12, 31, 23, 30)) == datetime(2026, 12, 31, 23, 0)
    assert year_start(datetime(2027, 6, 15, 12, 0)) == datetime(2026, 12, 31, 23, 0)
    assert year_start(datetime(2026, 12, 31, 22, 30)) == datetime(2025, 12, 31, 23, 0)


def test_a_month_begins_at_midnight_in_paris_in_winter_and_in_summer():
    assert month_bounds(2027, 2) == (datetime(2027, 1, 31, 23, 0), datetime(2027, 2, 28, 23, 0))
    assert month_bounds(2027, 7) == (datetime(2027, 6, 30, 22, 0), datetime(2027, 7, 31, 22, 0))
    assert month_bounds(2027, 12)[1] == year_bounds(2028)[0]  # December ends where the next year begins


def test_the_day_of_an_instant_is_the_day_in_paris():
    assert day_of(datetime(2027, 1, 31, 23, 30)) == date(2027, 2, 1)
    assert day_of(datetime(2027, 1, 31, 22, 30)) == date(2027, 1, 31)


def test_a_moment_utc_cannot_hold_is_the_first_or_the_last_instant():
    """« 01/01/0001 » at midnight in Paris is in year 0 in UTC, « 31/12/9999 » at 22 h in Cayenne in year 10000:
    a form given them (a typing slip, a hostile request) says « past » or « too far », it does not fail."""
    assert to_utc_naive(date(1, 1, 1), time(0), "Europe/Paris") == datetime.min
    assert to_utc_naive(date(1, 1, 1), time(0), "Indian/Reunion") == datetime.min
    assert to_utc_naive(date(9999, 12, 31), time(22), "America/Cayenne") == datetime.max
    assert to_utc_naive(date(1, 1, 1), time(9), "Europe/Paris") == datetime(1, 1, 1, 8, 50, 39)  # Paris's mean time
