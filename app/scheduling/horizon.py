"""How far ahead a meeting may be set: further, a date is a typing slip (« 2062 » typed for « 2026 »).

One rule for the days of a transfer and the slots of a collective session (a programme is planned a year
ahead, a transfer runs over months)."""

from __future__ import annotations

from datetime import datetime, timedelta

#: Further than this from now, a start is a slip of the year.
FURTHEST_AHEAD = timedelta(days=2 * 365)
#: Said beside the date.
TOO_FAR = "Cette date est dans plus de deux ans : vérifiez l'année."


def too_far(starts_at: datetime, now: datetime) -> bool:
    """Whether ``starts_at`` (UTC naive) is further ahead of ``now`` than a meeting is planned."""
    return starts_at - now > FURTHEST_AHEAD
