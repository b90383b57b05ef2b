"""Reading a visit: its counts, a pole's registration, whether it is over, the list of visits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.visits.common import today
from models import LearningVisit, VisitRegistration, VisitRegistrationStatus, utcnow


@dataclass
class VisitCounts:
    registered: int
    waitlisted: int
    invited: int
    declined: int


def counts(visit: LearningVisit) -> VisitCounts:
    by_status = {s: 0 for s in VisitRegistrationStatus}
    for registration in visit.registrations:
        by_status[registration.status] += 1
    return VisitCounts(registered=by_status[VisitRegistrationStatus.REGISTERED],
                       waitlisted=by_status[VisitRegistrationStatus.WAITLISTED],
                       invited=by_status[VisitRegistrationStatus.INVITED],
                       declined=by_status[VisitRegistrationStatus.DECLINED])


def registration_of(visit: LearningVisit, pole_id: int | None) -> VisitRegistration | None:
    return next((r for r in visit.registrations if r.pole_id == pole_id), None)


def is_over(visit: LearningVisit) -> bool:
    """The second day has ended (feedback is open)."""
    if visit.day_two is not None:
        return visit.day_two.ends_at <= utcnow()
    return visit.end_date < today()


def all_visits() -> list[LearningVisit]:
    return list(db.session.scalars(select(LearningVisit).options(
        selectinload(LearningVisit.host_pole), selectinload(LearningVisit.registrations))
        .order_by(LearningVisit.start_date.desc())))
