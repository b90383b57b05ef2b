"""Calendar months, for filters and charts by month (pure)."""

from __future__ import annotations

from datetime import date


def shift_month(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, if negative) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
