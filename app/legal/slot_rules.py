"""Juri-PTCE slot rules (first Tuesdays of the month): which local afternoons, which slots, in UTC.

Pure: only ``zoneinfo``, no database. They belong to legal, not to the scheduling backbone.

A slot is planned in local wall-clock time (14:00 Europe/Paris) and stored as naive UTC,
so it is 13:00 UTC in winter and 12:00 UTC in summer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.scheduling.wall_clock import to_utc_naive

TUESDAY = 1


@dataclass(frozen=True)
class SlotRule:
    """Slots of ``minutes`` from ``start`` until ``end`` (local time of ``timezone``)."""

    start: time
    end: time
    minutes: int
    timezone: str

    @classmethod
    def parse(cls, *, start: str, end: str, minutes: int, timezone: str) -> SlotRule:
        """Build from the settings' strings ("14:00"); raises ``ValueError`` on nonsense."""
        rule = cls(start=time.fromisoformat(start), end=time.fromisoformat(end), minutes=int(minutes),
                   timezone=timezone)
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"Fuseau horaire inconnu : {timezone!r}") from None
        if rule.minutes <= 0 or rule.end <= rule.start:
            raise ValueError("Règle de créneaux invalide : fin avant début ou durée nulle.")
        return rule


def last_end(rule: SlotRule) -> time:
    """When the afternoon's last whole slot ends (14 h to 17 h 30 in 45-minute slots: 17 h)."""
    span = (rule.end.hour * 60 + rule.end.minute) - (rule.start.hour * 60 + rule.start.minute)
    end = datetime.combine(date.min, rule.start) + timedelta(minutes=span // rule.minutes * rule.minutes)
    return end.time()


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def first_weekday_of_month(year: int, month: int, weekday: int = TUESDAY) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def first_tuesdays(start: date, months: int) -> list[date]:
    """The first Tuesday of ``start``'s month and of the ``months - 1`` following months."""
    return [first_weekday_of_month(*add_months(start.year, start.month, offset)) for offset in range(months)]


def slots_of_day(day: date, rule: SlotRule) -> list[tuple[datetime, datetime]]:
    """(start, end) in naive UTC of each whole slot of the afternoon ``day``."""
    slots = []
    cursor = datetime.combine(day, rule.start)
    limit = datetime.combine(day, rule.end)
    step = timedelta(minutes=rule.minutes)
    while cursor + step <= limit:
        slots.append((to_utc_naive(day, cursor.time(), rule.timezone),
                      to_utc_naive(day, (cursor + step).time(), rule.timezone)))
        cursor += step
    return slots


def planned_slots(*, today: date, months: int, rule: SlotRule) -> list[tuple[datetime, datetime]]:
    """Every slot of the first Tuesdays from ``today``'s month over ``months`` months."""
    return [slot for day in first_tuesdays(today, months) for slot in slots_of_day(day, rule)]
