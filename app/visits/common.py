"""What every visit operation shares: the refusal, today's date, the hours of the two days, the capacity limit."""

from __future__ import annotations

from datetime import date, time

from app.refused import Refused
from app.templating import today_where_read
from app.typography import NBSP, clock

#: Local hours of the two days at the host (start, end).
DAY_HOURS = ((time(9, 0), time(17, 30)), (time(9, 0), time(16, 0)))
MAX_CAPACITY = 100


CAPACITY_MESSAGE = f"La capacité va de 1 à {MAX_CAPACITY} pôles."


def hours_said() -> str:
    """« de 9 h à 17 h 30 puis de 9 h à 16 h », from ``DAY_HOURS`` and written as ``clock`` writes every time
    (no-break spaces): the visit form's hint and the host's mail said it by hand, with plain spaces."""
    return " puis ".join(f"de{NBSP}{clock(start.hour, start.minute)} à{NBSP}{clock(end.hour, end.minute)}"
                         for start, end in DAY_HOURS)


class VisitError(Refused):
    """A visit operation refused, with a French message for the page."""


def today(zone: str = "Europe/Paris") -> date:
    """Today where the visit is planned (its host's zone; Paris by default), not in UTC: at 0 h 30 on the first day
    in Paris, 23 h 30 UTC the day before, that day has come."""
    return today_where_read(zone)
