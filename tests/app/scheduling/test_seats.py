"""The one seats-and-waitlist rule (app/scheduling/seats.py)."""

from __future__ import annotations

from app.scheduling.seats import Seat, promoted_from_waitlist, seat_for_newcomer


def test_a_seat_while_one_is_left():
    assert seat_for_newcomer(taken=1, capacity=2) is Seat.GIVEN
    assert seat_for_newcomer(taken=2, capacity=2) is Seat.WAITLIST
    assert seat_for_newcomer(taken=5, capacity=2) is Seat.WAITLIST  # capacity lowered after registrations


def test_freed_seats_go_to_the_first_waiting_in_order():
    assert promoted_from_waitlist(["a", "b", "c"], taken=1, capacity=3) == ["a", "b"]
    assert promoted_from_waitlist(["a"], taken=3, capacity=3) == []
    assert promoted_from_waitlist([], taken=0, capacity=3) == []
