"""The learning visits an organiser follows, as its list shows them: upcoming first, then those begun.

Which visits (every one nationally; for a CRA those hosted in its region and those its region's poles are invited
to) is ``app.access.policy.follows_visit`` (``scopes.visit_followed_by`` in the query); which invited poles a row
names, and which it only counts, is ``policy.visit_pole_named_to``. A visit begun (its first day started) is
« past » here: its presences may be noted from then on (``app.visits.attendance``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access import policy
from app.access.scopes import visit_followed_by
from app.extensions import db
from app.typography import alphabetical
from app.visits import attendance
from app.visits.reading import is_over
from models import LearningVisit, User, VisitRegistration, VisitRegistrationStatus


@dataclass(frozen=True)
class FollowedVisit:
    """One row of the list: the visit, its places taken, the invited poles named to the viewer (with their answer)
    and how many others it only counts, and once begun where its presences stand."""

    visit: LearningVisit
    taken: int
    named: list[VisitRegistration]
    others: int
    begun: bool
    over: bool
    turnout: attendance.Turnout | None
    may_note: bool


@dataclass(frozen=True)
class FollowedVisits:
    upcoming: list[FollowedVisit]
    past: list[FollowedVisit]

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.past)


def named_and_counted(visit: LearningVisit, viewer: User) -> tuple[list[VisitRegistration], int]:
    """The invitations of ``visit`` whose pole ``viewer`` reads named (alphabetically), and how many others it only
    counts (``policy.visit_pole_named_to``)."""
    host_region = visit.host_pole.region_code
    named, others = [], 0
    for registration in sorted(visit.registrations, key=lambda r: alphabetical(r.pole.name)):
        registered = registration.status is VisitRegistrationStatus.REGISTERED
        if policy.visit_pole_named_to(viewer, host_region_code=host_region, pole_region_code=registration.pole.region_code,
                                      registered=registered, host_pole_id=visit.host_pole_id):
            named.append(registration)
        else:
            others += 1
    return named, others


def followed_row(visit: LearningVisit, viewer: User, now: datetime | None = None) -> FollowedVisit:
    """One visit as ``viewer``'s list shows it (its page shows a CRA the same poles)."""
    named, others = named_and_counted(visit, viewer)
    begun = attendance.is_open(visit, now=now)
    return FollowedVisit(
        visit=visit, taken=sum(r.status is VisitRegistrationStatus.REGISTERED for r in visit.registrations),
        named=named, others=others, begun=begun, over=is_over(visit), turnout=attendance.turnout(visit),
        may_note=attendance.may_note(visit, viewer))


def followed_visits(viewer: User, *, now: datetime | None = None) -> FollowedVisits:
    """The visits ``viewer`` follows: those still to come, soonest first, then those begun, latest first."""
    visits = db.session.scalars(
        select(LearningVisit).where(visit_followed_by(viewer))
        .options(selectinload(LearningVisit.host_pole), selectinload(LearningVisit.day_one),
                 selectinload(LearningVisit.day_two),
                 selectinload(LearningVisit.registrations).selectinload(VisitRegistration.pole))
        .order_by(LearningVisit.start_date, LearningVisit.id))
    rows = [followed_row(v, viewer, now) for v in visits]
    return FollowedVisits(upcoming=[r for r in rows if not r.begun],
                          past=sorted((r for r in rows if r.begun), key=lambda r: r.visit.start_date, reverse=True))
