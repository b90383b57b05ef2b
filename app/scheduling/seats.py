"""Seats and waitlist, the same rule for every meeting that has a capacity.

Callers lock the owner of the seats first (``app.locks.lock_row``), then ask here: a place is
given while taken < capacity, otherwise a place on the waitlist; a freed seat goes to the first
person waiting (served in the order they asked). Pure decisions over counts and ordered lists,
so the rule is tested without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TypeVar

T = TypeVar("T")


class Seat(Enum):
    GIVEN = "given"
    WAITLIST = "waitlist"


def seat_for_newcomer(*, taken: int, capacity: int) -> Seat:
    """A seat while one is left, otherwise the waitlist."""
    return Seat.GIVEN if taken < capacity else Seat.WAITLIST


def promoted_from_waitlist(waiting: Sequence[T], *, taken: int, capacity: int) -> list[T]:
    """Who takes the freed seats: the first of ``waiting`` (already in order), as many as seats are free."""
    free = max(capacity - taken, 0)
    return list(waiting[:free])
