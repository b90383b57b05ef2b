"""Slot rules: first Tuesdays, local afternoons stored in UTC across daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, UTC
from zoneinfo import ZoneInfo

import pytest

from app.legal.slot_rules import SlotRule, first_tuesdays, planned_slots, slots_of_day

PARIS = SlotRule.parse(start="14:00", end="17:30", minutes=45, timezone="Europe/Paris")


def test_first_tuesdays_over_24_months_are_tuesdays_in_days_1_to_7():
    days = first_tuesdays(date(2026, 1, 15), 24)
    assert len(days) == 24
    assert days[0] == date(2026, 1, 6) and days[-1] == date(2027, 12, 7)
    assert all(d.weekday() == 1 and 1 <= d.day <= 7 for d in days)
    assert len({(d.year, d.month) for d in days}) == 24


def test_planned_slots_over_24_months_follow_paris_daylight_saving():
    slots = planned_slots(today=date(2026, 1, 1), months=24, rule=PARIS)
    assert len(slots) == 24 * 4
    paris = ZoneInfo("Europe/Paris")
    for start, end in slots:
        local = start.replace(tzinfo=UTC).astimezone(paris)
        assert local.weekday() == 1 and local.day <= 7
        assert end - start == timedelta(minutes=45)
    firsts = {s.date(): s for s, _ in slots if s == min(x for x, _ in slots if x.date() == s.date())}
    # Winter (CET, UTC+1): 14:00 is 13:00 UTC; summer (CEST, UTC+2): 12:00 UTC.
    assert firsts[date(2026, 3, 3)].time() == datetime(2026, 3, 3, 13).time()   # before the March switch
    assert firsts[date(2026, 4, 7)].time() == datetime(2026, 4, 7, 12).time()   # after it
    assert firsts[date(2026, 10, 6)].time() == datetime(2026, 10, 6, 12).time()  # before the October switch
    assert firsts[date(2026, 11, 3)].time() == datetime(2026, 11, 3, 13).time()  # after it
    hours = {s.hour for s in firsts.values()}
    assert hours == {12, 13}
    summer = [d for d, s in firsts.items() if s.hour == 12]
    assert all(4 <= d.month <= 10 for d in summer) and len(summer) == 14


def test_slots_of_day_fit_inside_the_afternoon():
    slots = slots_of_day(date(2026, 6, 2), PARIS)
    assert [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in slots] == [
        ("12:00", "12:45"), ("12:45", "13:30"), ("13:30", "14:15"), ("14:15", "15:00")]


def test_overseas_zone_rule_has_no_daylight_saving():
    rule = SlotRule.parse(start="09:00", end="10:00", minutes=30, timezone="America/Cayenne")
    hours = {s.hour for s, _ in planned_slots(today=date(2026, 1, 1), months=12, rule=rule)}
    assert hours == {12}


@pytest.mark.parametrize("start,end,minutes,zone", [
    ("17:30", "14:00", 45, "Europe/Paris"), ("14:00", "17:30", 0, "Europe/Paris"),
    ("14:00", "17:30", 45, "Mars/Olympus"), ("quatorze", "17:30", 45, "Europe/Paris"),
])
def test_slot_rule_rejects_nonsense(start, end, minutes, zone):
    with pytest.raises(ValueError):
        SlotRule.parse(start=start, end=end, minutes=minutes, timezone=zone)


def test_a_freed_slot_names_its_last_appointment_not_an_expired_waitlist_offer():
    from datetime import datetime

    from app.legal.slots import last_freed_by
    from models import Booking, BookingStatus, LegalSlot

    cancelled = Booking(status=BookingStatus.CANCELLED, confirmed_at=datetime(2026, 12, 1, 9),
                        cancelled_at=datetime(2026, 12, 2, 9))
    expired_offer = Booking(status=BookingStatus.CANCELLED, confirmed_at=None, cancelled_at=datetime(2026, 12, 3, 9))
    slot = LegalSlot(bookings=[cancelled, expired_offer])
    assert last_freed_by(slot) is cancelled
    assert last_freed_by(LegalSlot(bookings=[expired_offer])) is None
