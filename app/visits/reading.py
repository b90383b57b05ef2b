"""Reading a visit: its counts, a pole's registration, whether it is over, the visits to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.months import shift_month
from app.scheduling.meeting_pages import is_over as meeting_is_over
from app.scheduling.seats import waitlist_position as position_among
from app.visits.common import today
from models import LearningVisit, Pole, VisitRegistration, VisitRegistrationStatus


@dataclass
class VisitCounts:
    registered: int
    waitlisted: int
    invited: int
    declined: int
    withdrawn: int


def counts(visit: LearningVisit) -> VisitCounts:
    by_status = {s: 0 for s in VisitRegistrationStatus}
    for registration in visit.registrations:
        by_status[registration.status] += 1
    return VisitCounts(registered=by_status[VisitRegistrationStatus.REGISTERED],
                       waitlisted=by_status[VisitRegistrationStatus.WAITLISTED],
                       invited=by_status[VisitRegistrationStatus.INVITED],
                       declined=by_status[VisitRegistrationStatus.DECLINED],
                       withdrawn=by_status[VisitRegistrationStatus.WITHDRAWN])


def registration_of(visit: LearningVisit, pole_id: int | None) -> VisitRegistration | None:
    return next((r for r in visit.registrations if r.pole_id == pole_id), None)


def waitlist_position(visit: LearningVisit, registration: VisitRegistration | None) -> int | None:
    """Where a waitlisted pole stands on the visit's waitlist (1: the next place freed is its own), by the rule of
    every waitlist (``app.scheduling.seats``); None when it is not waiting."""
    if registration is None or registration.status is not VisitRegistrationStatus.WAITLISTED:
        return None
    return position_among(registration, [r for r in visit.registrations
                                         if r.status is VisitRegistrationStatus.WAITLISTED])


def is_over(visit: LearningVisit) -> bool:
    """The second day has ended (feedback is open)."""
    if visit.day_two is not None:
        return meeting_is_over(visit.day_two)
    return visit.end_date < today(visit.timezone)


def upcoming_visits(*, region: str | None = None, month: date | None = None, for_pole_id: int | None = None,
                    day: date | None = None) -> list[LearningVisit]:
    """Visits still to come or under way (their second day is today), soonest first, for the agenda: by the
    host's region, by a month they have a day in, or only those a pole hosts or is invited to (any registration
    state)."""
    first = (day or today()) - timedelta(days=1)  # a visit lasts two days (``LearningVisit.end_date``)
    query = (select(LearningVisit).options(selectinload(LearningVisit.host_pole),
                                           selectinload(LearningVisit.registrations))
             .where(LearningVisit.start_date >= first).order_by(LearningVisit.start_date, LearningVisit.id))
    if region:
        query = query.join(Pole, Pole.id == LearningVisit.host_pole_id).where(Pole.region_code == region)
    if month is not None:  # a month either of its two days falls in: a visit of 31 March and 1 April is April's too
        query = query.where(LearningVisit.start_date >= shift_month(month, 0) - timedelta(days=1),
                            LearningVisit.start_date < shift_month(month, 1))
    if for_pole_id is not None:
        invited = select(VisitRegistration.visit_id).where(VisitRegistration.pole_id == for_pole_id)
        query = query.where(or_(LearningVisit.host_pole_id == for_pole_id, LearningVisit.id.in_(invited)))
    return list(db.session.scalars(query))


def invitations_awaiting(pole_id: int | None) -> list[LearningVisit]:
    """The visits to come that invited the pole and wait for its answer, soonest first: said on its facilitators'
    « Mon espace », where nothing told of an invitation but the e-mail and the bell (walk of 6 December 2026)."""
    if pole_id is None:
        return []
    return list(db.session.scalars(
        select(LearningVisit).join(VisitRegistration, VisitRegistration.visit_id == LearningVisit.id)
        .options(selectinload(LearningVisit.host_pole))
        .where(VisitRegistration.pole_id == pole_id, VisitRegistration.status == VisitRegistrationStatus.INVITED,
               LearningVisit.start_date > today())
        .order_by(LearningVisit.start_date, LearningVisit.id)))
