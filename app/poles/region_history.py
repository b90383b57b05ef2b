"""A pole's region through time: each change is kept (``PoleRegionMove``), so that what happened is counted where it
happened. The yearly review of a region counts the transfers, visits, consultations, experience sheets and
accompaniments of the poles that were in it at the time, not of those that are in it today: a pole that joined
another region in June stays in the first region's review for what it did there until June.

Who *sees* a pole's named data is another question, always today's region (``app.access.policy``): the cell a pole
left reads its figures, not its name.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from app.extensions import db
from models import Pole, PoleRegionMove, utcnow


def record_move(pole: Pole, *, from_region: str | None, at: datetime | None = None,
                session: Session | None = None) -> PoleRegionMove | None:
    """Keep ``pole``'s change of region (inside the caller's unit of work, in ``session`` or the site's): from
    ``from_region`` to its region now. Nothing when the region did not change (or the pole had none: a new pole)."""
    if from_region is None or pole.id is None or from_region == pole.region_code:
        return None
    move = PoleRegionMove(pole_id=pole.id, from_region_code=from_region, to_region_code=pole.region_code,
                          moved_at=at or utcnow())
    (session or db.session).add(move)
    return move


def region_at(pole_id: ColumnElement[int], region_today: ColumnElement[str],
              when: ColumnElement) -> ColumnElement[str]:
    """SQL: the region the pole ``pole_id`` was in at ``when`` — the region it left by its first move after
    ``when``, or ``region_today`` when it has not moved since. One correlated read, on SQLite and PostgreSQL alike."""
    left = (select(PoleRegionMove.from_region_code)
            .where(PoleRegionMove.pole_id == pole_id, PoleRegionMove.moved_at > when)
            .order_by(PoleRegionMove.moved_at, PoleRegionMove.id).limit(1).scalar_subquery())
    return func.coalesce(left, region_today)


def moves_in_year(region_code: str, start: datetime, end: datetime) -> tuple[int, int]:
    """How many poles left ``region_code`` and how many joined it between ``start`` and ``end`` (a year under
    review), for the review to say that their figures are counted where they happened. Counts, not names: a pole
    that left is another region's to name."""
    def moves(column: ColumnElement[str]) -> int:
        return db.session.scalar(select(func.count(func.distinct(PoleRegionMove.pole_id))).where(
            PoleRegionMove.moved_at >= start, PoleRegionMove.moved_at < end, column == region_code)) or 0
    return moves(PoleRegionMove.from_region_code), moves(PoleRegionMove.to_region_code)
