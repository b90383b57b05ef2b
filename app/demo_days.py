"""The demo's meetings fall on working days, whatever the day the demo is loaded.

Every demo loader counts its days from today (a transfer day in 20 days, a webinar in 12, a day held 35 days ago);
counted from a Thursday or a Sunday, the same number can land on a Saturday. A meeting of the network is held on a
weekday: ``working_day`` moves the day off the weekend, the same way for every loader (the agenda's sessions, the
transfers' days).
"""

from __future__ import annotations

from datetime import date, timedelta

FRIDAY = 4


def working_day(today: date, days: int) -> int:
    """``days`` from ``today`` (negative: already held) moved off the weekend, still counted from ``today``.

    A day to come goes to the Monday after; a day already held to the Friday before, so that it stays held and
    before what the story did after it (its report, the next day planned).
    """
    weekday = (today + timedelta(days=days)).weekday()
    if weekday <= FRIDAY:
        return days
    if days >= 0:
        return days + 7 - weekday
    return days - (weekday - FRIDAY)
