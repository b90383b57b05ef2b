"""The demo's meetings fall on working days, whatever the day the demo is loaded.

Every demo loader counts its days from today (a transfer day in 20 days, a webinar in 12, a day held 35 days ago);
counted from a Thursday or a Sunday, the same number can land on a Saturday. A meeting of the network is held on a
weekday: ``working_day`` moves the day off the weekend, the same way for every loader (the agenda's sessions, the
transfers' days).
"""

from __future__ import annotations

from datetime import date, timedelta

FRIDAY = 4
#: The French public holidays that fall on the same date every year (month, day): nobody meets on 25 December.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)})


def _off(day: date) -> bool:
    return day.weekday() > FRIDAY or (day.month, day.day) in FIXED_HOLIDAYS


def working_day(today: date, days: int) -> int:
    """``days`` from ``today`` (negative: already held) moved off the weekend and the fixed public holidays, still
    counted from ``today``.

    A day to come goes to the next working day after; a day already held to the working day before, so that it
    stays held and before what the story did after it (its report, the next day planned).
    """
    step = 1 if days >= 0 else -1
    while _off(today + timedelta(days=days)):
        days += step
    return days
