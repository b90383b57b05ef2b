"""Who speaks for a pole: its active facilitator accounts (told of its transfers, visits and proposals), and how many
may run it (``MAX_FACILITATORS``, whoever adds one: an administrator attaching an account, a claim accepted)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.locks import lock_row
from models import Pole, Role, User

#: The seed documents count one to three people per member organisation.
MAX_FACILITATORS = 3

#: Said when a pole has its ``MAX_FACILITATORS`` already.
POLE_FULL = f"Ce pôle a déjà {MAX_FACILITATORS} animateur·rices, le maximum."


def active_facilitators(pole_id: int) -> list[User]:
    """The pole's active facilitators, oldest account first."""
    return list(db.session.scalars(select(User).where(
        User.pole_id == pole_id, User.role == Role.FACILITATOR, User.is_active.is_(True)).order_by(User.id)))


def facilitators(pole_id: int) -> list[User]:
    """Every facilitator account of the pole, deactivated ones included (each holds a seat until moved), by name."""
    return list(db.session.scalars(select(User).where(User.pole_id == pole_id, User.role == Role.FACILITATOR)
                                   .order_by(User.display_name, User.id)))


def no_seat_left(account: User, pole_id: int) -> bool:
    """Lock the account about to run the pole, then the pole's row, and count its facilitators afresh: whether it
    has its ``MAX_FACILITATORS`` already (the account not among them). Call inside the unit of work that attaches it.

    Two accounts joining at once (two claims accepted, an administrator attaching one meanwhile) take turns on the
    pole's row: the second counts the first. The account first, as every lock of the site (``app/locks.py``); the
    pole's row so that the needs and rows referring to it are still written meanwhile (``others_may_refer``).
    """
    lock_row(db.session, User, account.id, others_may_refer=True)  # reloads ``account`` (its pole, afresh)
    lock_row(db.session, Pole, pole_id, others_may_refer=True)
    others = [u for u in facilitators(pole_id) if u.id != account.id]
    return len(others) >= MAX_FACILITATORS
