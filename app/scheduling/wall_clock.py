"""A date and time as people type them, in a region's zone, turned into the naive UTC every stored time uses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def to_utc_naive(local_day: date, local_time: time, zone: str) -> datetime:
    """``local_day`` at ``local_time`` on the wall clocks of ``zone`` (« Europe/Paris »), as naive UTC.

    A moment that UTC puts outside the years a ``datetime`` holds (« 01/01/0001 » at 0 h in Paris, clocks
    ahead of UTC; « 31/12/9999 » at 22 h in Cayenne, behind) is the first or the last instant there is: earlier,
    or later, than any bound a rule compares it with, so the form says « past » or « too far » instead of failing."""
    try:
        return datetime.combine(local_day, local_time, tzinfo=ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:
        return datetime.min if local_day.year == 1 else datetime.max


#: The network's calendar: a yearly review, a resource person's yearly capacity count France's (metropolitan) year.
NETWORK_ZONE = "Europe/Paris"


def year_bounds(year: int, zone: str = NETWORK_ZONE) -> tuple[datetime, datetime]:
    """The first instant of ``year`` and of the next on the wall clocks of ``zone``, as naive UTC: at 0 h 30 on
    1 January in Paris (23 h 30 UTC on 31 December) the new year has begun."""
    return to_utc_naive(date(year, 1, 1), time(0), zone), to_utc_naive(date(year + 1, 1, 1), time(0), zone)


def year_of(instant: datetime, zone: str = NETWORK_ZONE) -> int:
    """The year an instant stored as naive UTC falls in on the wall clocks of ``zone``."""
    return instant.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).year


def month_bounds(year: int, month: int, zone: str = NETWORK_ZONE) -> tuple[datetime, datetime]:
    """The first instant of ``month`` of ``year`` and of the next month on the wall clocks of ``zone``, as naive UTC:
    at 0 h 30 on 1 February in Paris (23 h 30 UTC on 31 January) February has begun."""
    after = date(year + month // 12, month % 12 + 1, 1)
    return to_utc_naive(date(year, month, 1), time(0), zone), to_utc_naive(after, time(0), zone)


def day_of(instant: datetime, zone: str = NETWORK_ZONE) -> date:
    """The day an instant stored as naive UTC falls on, on the wall clocks of ``zone``."""
    return instant.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date()
