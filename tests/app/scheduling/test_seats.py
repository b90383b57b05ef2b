"""The one seats-and-waitlist rule (app/scheduling/seats.py)."""

from __future__ import annotations

from app.scheduling.seats import Seat, promoted_from_waitlist, seat_for_newcomer, waitlist_position


def test_a_seat_while_one_is_left():
    assert seat_for_newcomer(taken=1, capacity=2) is Seat.GIVEN
    assert seat_for_newcomer(taken=2, capacity=2) is Seat.WAITLIST
    assert seat_for_newcomer(taken=5, capacity=2) is Seat.WAITLIST  # capacity lowered after registrations


def test_freed_seats_go_to_the_first_waiting_in_order():
    assert promoted_from_waitlist(["a", "b", "c"], taken=1, capacity=3) == ["a", "b"]
    assert promoted_from_waitlist(["a"], taken=3, capacity=3) == []
    assert promoted_from_waitlist([], taken=0, capacity=3) == []


def test_a_waitlist_position_counts_those_who_asked_before():
    from datetime import datetime
    from types import SimpleNamespace

    early, tie_first, tie_second = (SimpleNamespace(id=i, requested_at=at) for i, at in (
        (9, datetime(2027, 1, 1, 9)), (3, datetime(2027, 1, 2, 9)), (5, datetime(2027, 1, 2, 9))))
    waiting = [tie_second, early, tie_first]  # in any order
    assert [waitlist_position(e, waiting) for e in (early, tie_first, tie_second)] == [1, 2, 3]
    assert waitlist_position(early, []) == 1
