"""Seats and waitlist, the same rule for every meeting that has a capacity.

Callers lock the owner of the seats first (``app.locks.lock_row``), then ask here: a place is
given while taken < capacity, otherwise a place on the waitlist; a freed seat goes to the first
person waiting (served in the order they asked). Pure decisions over counts and ordered lists,
so the rule is tested without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
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


def waitlist_position(entry: T, waiting: Sequence[T]) -> int:
    """Where ``entry`` stands on the waitlist (1: the next seat freed is its own): served in the order they asked,
    by ``requested_at`` then ``id`` (the order ``promoted_from_waitlist`` is given). ``waiting``: the entries on the
    waitlist, in any order; ``app.agenda.queries.waitlist_position`` counts the same in SQL for a national day's
    hundreds."""
    def key(e: T) -> tuple[datetime, int]:
        return (getattr(e, "requested_at", None) or datetime.min, getattr(e, "id", None) or 0)

    return 1 + sum(1 for other in waiting if other is not entry and key(other) < key(entry))
