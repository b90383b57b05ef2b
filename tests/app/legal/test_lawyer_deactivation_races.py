"""A pole books a lawyer's slot while the administration deactivates the lawyer (PostgreSQL): the booking either came
first — it is then cancelled by the withdrawal and its pole told — or finds the slot closed. Never an appointment
left standing with a lawyer nobody can reach."""

from __future__ import annotations

import threading

from sqlalchemy import select

from app.admin import accounts
from app.extensions import db as db_ext
from app.legal import bookings
from app.refused import Refused
from models import Booking, BookingStatus, OutboxMessage, Role, User
from tests.races import hold, on_postgres, together

pytestmark = on_postgres


def _race(app, monkeypatch, *, booking_first: bool, booker_id: int, lawyer_user_id: int, admin_id: int,
          slot_id: int):
    """The booking against the deactivation; what each said. ``booking_first``: the booking has locked the slot
    when the deactivation begins withdrawing, and holds it (2 s at most, or until the deactivation committed: it
    does not, it waits for the slot). Else the booking waits before it locks anything until the deactivation
    committed."""
    deactivated, slot_locked = threading.Event(), threading.Event()
    if booking_first:
        checked = bookings.check_one_at_a_time

        def check_then_hold(*args, **kwargs):
            slot_locked.set()
            deactivated.wait(2)
            return checked(*args, **kwargs)

        monkeypatch.setattr(bookings, "check_one_at_a_time", check_then_hold)
        hold(monkeypatch, accounts, "withdraw_slots", thread="deactivation", until=slot_locked, seconds=5)
    else:
        hold(monkeypatch, bookings, "lock_booker", thread="booking", until=deactivated)

    def book():
        return bookings.book_slot(slot_id=slot_id, booker=db_ext.session.get(User, booker_id),
                                  question="Statuts de notre SCIC ?", idempotency_key="k")

    def deactivate():
        change = accounts.set_active(admin=db_ext.session.get(User, admin_id),
                                     user=db_ext.session.get(User, lawyer_user_id), active=False)
        deactivated.set()
        return change.withdrawn

    return together(app, {"booking": book, "deactivation": deactivate})


def _scene(make_user, make_lawyer, make_slot) -> dict[str, int]:
    lawyer = make_lawyer()
    return {"slot_id": make_slot(lawyer).id, "lawyer_user_id": lawyer.user_id,
            "booker_id": make_user(Role.FACILITATOR).id, "admin_id": make_user(Role.ADMIN).id}


def test_a_booking_that_locked_the_slot_first_is_cancelled_and_its_pole_told(
        app, db, monkeypatch, make_user, make_lawyer, make_slot):
    """Held once it has the slot's lock: the deactivation waits for it, then finds the appointment and ends it."""
    ids = _scene(make_user, make_lawyer, make_slot)
    outcomes = _race(app, monkeypatch, booking_first=True, **ids)
    assert outcomes["deactivation"] == accounts.Withdrawal(slots=1, appointments=1), outcomes
    assert outcomes["booking"].created, outcomes
    db.expire_all()
    booking = db.scalar(select(Booking).filter_by(booker_id=ids["booker_id"]))
    assert booking.status is BookingStatus.CANCELLED and booking.slot_closed
    assert db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == ids["booker_id"],
                                                 OutboxMessage.key.contains(":lawyer-away:"))) is not None


def test_a_booking_that_comes_after_the_withdrawal_finds_the_slot_closed(
        app, db, monkeypatch, make_user, make_lawyer, make_slot):
    """Held before it locks the slot: it reads the slot as the deactivation committed it, closed."""
    ids = _scene(make_user, make_lawyer, make_slot)
    outcomes = _race(app, monkeypatch, booking_first=False, **ids)
    assert outcomes["deactivation"] == accounts.Withdrawal(slots=1), outcomes
    assert isinstance(outcomes["booking"], Refused) and "n'existe plus" in str(outcomes["booking"]), outcomes
    db.expire_all()
    assert db.scalar(select(Booking).filter_by(booker_id=ids["booker_id"])) is None
