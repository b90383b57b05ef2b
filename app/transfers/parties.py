"""Who is who in a pairing: the sides a user plays, the steps they may take, the facilitators and organisers."""

from __future__ import annotations

from sqlalchemy import or_, select

from app.access.policy import may_see_region
from app.extensions import db
from app.poles.facilitators import active_facilitators
from app.transfers.states import ORGANISER, POLE, RESOURCE, TRANSITIONS, step_sides
from models import Pairing, PairingStatus, Role, User


def sides_of(pairing: Pairing, user: User | None) -> set[str]:
    """The sides ``user`` plays in ``pairing``: pole (facilitator of the need's pole), resource, organiser."""
    sides: set[str] = set()
    if user is None or not getattr(user, "is_authenticated", True) or not user.is_active:
        return sides
    if user.has_role(Role.ORGANISER) and may_see_region(user, pairing.need.pole.region_code):
        sides.add(ORGANISER)  # a CRA organises the pairings of its own region only
    if user.role is Role.FACILITATOR and user.pole_id is not None and user.pole_id == pairing.need.pole_id:
        sides.add(POLE)
    if pairing.resource_person is not None and pairing.resource_person.user_id == user.id:
        sides.add(RESOURCE)
    return sides


def can_see(pairing: Pairing, user: User | None) -> bool:
    return bool(sides_of(pairing, user))


def allowed_steps(pairing: Pairing, user: User | None) -> list[PairingStatus]:
    """Statuses ``user`` may move ``pairing`` to now (planning is done by adding a day)."""
    sides = sides_of(pairing, user)
    return [to for frm, to in TRANSITIONS if frm is pairing.status
            and sides & (step_sides(pairing, frm, to) or frozenset())]


#: The pole's active facilitators (``app.poles.facilitators``), under the name the transfers' modules use.
facilitators_of = active_facilitators


def organisers(region_code: str | None = None) -> list[User]:
    """Active organisers and admins; with ``region_code``, those who may see that region (no other CRA)."""
    query = select(User).where(User.role.in_([Role.ORGANISER, Role.ADMIN]), User.is_active.is_(True))
    if region_code is not None:
        query = query.where(or_(User.role == Role.ADMIN, User.region_code.is_(None), User.region_code == region_code))
    return list(db.session.scalars(query.order_by(User.id)))

