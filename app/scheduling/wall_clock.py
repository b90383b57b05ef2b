"""A date and time as people type them, in a region's zone, turned into the naive UTC every stored time uses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def to_utc_naive(local_day: date, local_time: time, zone: str) -> datetime:
    """``local_day`` at ``local_time`` on the wall clocks of ``zone`` (« Europe/Paris »), as naive UTC."""
    return datetime.combine(local_day, local_time, tzinfo=ZoneInfo(zone)).astimezone(UTC).replace(tzinfo=None)
