"""Who speaks for a pole: its active facilitator accounts (told of its transfers, visits and proposals)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from models import Role, User


def active_facilitators(pole_id: int) -> list[User]:
    """The pole's active facilitators, oldest account first."""
    return list(db.session.scalars(select(User).where(
        User.pole_id == pole_id, User.role == Role.FACILITATOR, User.is_active.is_(True)).order_by(User.id)))
