"""A deactivated account's visits to come: a visit's place is its pole's, not the person's.

The person leaves the days of every visit not begun (``registrations.sync_participants``: its pole's active
facilitators are the participants; SEQUENCE raised, reminders cancelled). When no active facilitator is left
to the pole, its place at each visit to come (registered or waiting) is released as a withdrawal
(``registrations.decline``, under the visit's lock): the first pole waiting is promoted and told. A visit begun
or past keeps its history. Reactivating the account gives nothing back.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from app.extensions import db
from app.poles.facilitators import active_facilitators
from app.visits.common import today
from app.visits.registrations import decline, sync_participants
from models import LearningVisit, User, VisitRegistration, VisitRegistrationStatus


def release_visits(user: User, *, by: User) -> int:
    """Take ``user`` (deactivated) off the visits to come; their pole's places released when nobody is left to
    come (recorded as answered ``by`` the administrator): how many places were released."""
    if user.pole_id is None:
        return 0
    registered = select(VisitRegistration.visit_id).where(VisitRegistration.pole_id == user.pole_id)
    to_come = [visit for visit in db.session.scalars(
        select(LearningVisit).where(or_(LearningVisit.host_pole_id == user.pole_id, LearningVisit.id.in_(registered)))
        .order_by(LearningVisit.id)) if visit.start_date > today(visit.timezone)]
    nobody_left = not active_facilitators(user.pole_id)
    released = 0
    for visit in to_come:
        place = next((r for r in visit.registrations if r.pole_id == user.pole_id), None)
        if nobody_left and place is not None and place.status in (
                VisitRegistrationStatus.REGISTERED, VisitRegistrationStatus.WAITLISTED):
            decline(visit_id=visit.id, pole_id=user.pole_id, user=by)  # syncs the days' participants too
            released += 1
        else:
            sync_participants(visit)
    return released
