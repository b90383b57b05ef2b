"""A person's places to come at collective sessions, released when their account is deactivated or deleted.

Each registration or waitlist place at a session not begun yet is left as by « Se désinscrire »
(``services.leave``, under the session's lock): a freed seat goes to the first person waiting, told by the
promotion mail, and the organisers read « Désinscrit·e » on the list of those registered. A session begun or
past keeps its history (registration, presence, feedback). Reactivating an account gives nothing back: the
seat may be someone else's by then.
"""

from __future__ import annotations


from sqlalchemy import select

from app.agenda.services import has_started, leave
from app.extensions import db
from models import CollectiveRegistration, RegistrationStatus, User


def places_to_come(user: User) -> list[CollectiveRegistration]:
    """``user``'s registrations and waitlist places at sessions not begun yet (cancelled sessions left out)."""
    rows = db.session.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.user_id == user.id,
        CollectiveRegistration.status.in_([RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]))
        .order_by(CollectiveRegistration.id))
    return [r for r in rows if r.collective_session.cancelled_at is None and not has_started(r.collective_session)]


def release_places(user: User) -> int:
    """Leave every session ``user`` has a place for (or waits for) that has not begun: how many were released.
    Runs in the caller's unit of work (deactivation, deletion), which locked the account first."""
    released = 0
    for registration in places_to_come(user):
        leave(session_id=registration.collective_session_id, user=user)  # re-reads it under the session's lock
        released += registration.status is RegistrationStatus.CANCELLED
    return released
