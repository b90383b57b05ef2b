"""Juri-PTCE rings bells while it holds slots (PostgreSQL): ringing another account must never wait for that account's
row, which bookings and deactivations lock first (``app.locks``). The bell used to keep its counter on that row."""

from __future__ import annotations

import threading

from sqlalchemy import select

from app.admin import accounts
from app.extensions import db as db_ext
from app.legal import bookings, closing
from app.refused import Refused
from models import Booking, BookingStatus, Notification, Role, User
from tests.races import hold, on_postgres, together

pytestmark = on_postgres


def _bell(db, user_id: int) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(Notification.text).where(Notification.user_id == user_id)
                           .order_by(Notification.id)))


def test_a_booking_rings_the_lawyer_whose_deactivation_waits_for_its_slot(
        app, db, monkeypatch, make_user, make_lawyer, make_slot):
    """The booking holds the slot; the deactivation holds the lawyer's row and waits for the slot; the booking rings
    the lawyer: it must not wait for the lawyer's row (it did: a deadlock, one of them rolled back)."""
    lawyer, booker, admin = make_lawyer(), make_user(Role.FACILITATOR), make_user(Role.ADMIN)
    slot_id, lawyer_id, booker_id, admin_id = make_slot(lawyer).id, lawyer.user_id, booker.id, admin.id
    slot_locked, deactivated = threading.Event(), threading.Event()
    checked = bookings.check_one_at_a_time

    def check_then_hold(*args, **kwargs):  # the slot is locked: let the deactivation take the lawyer's row
        slot_locked.set()
        deactivated.wait(2)
        return checked(*args, **kwargs)

    monkeypatch.setattr(bookings, "check_one_at_a_time", check_then_hold)
    hold(monkeypatch, accounts, "withdraw_slots", thread="deactivation", until=slot_locked, seconds=5)

    def deactivate():
        change = accounts.set_active(admin=db_ext.session.get(User, admin_id),
                                     user=db_ext.session.get(User, lawyer_id), active=False)
        deactivated.set()
        return change.withdrawn

    outcomes = together(app, {
        "booking": lambda: bookings.book_slot(slot_id=slot_id, booker=db_ext.session.get(User, booker_id),
                                              question="Statuts de notre SCIC ?", idempotency_key="k"),
        "deactivation": deactivate})
    assert getattr(outcomes["booking"], "created", False), outcomes
    assert outcomes["deactivation"] == accounts.Withdrawal(slots=1, appointments=1), outcomes
    assert [text.split("\u00a0:")[0] for text in _bell(db, lawyer_id)] == ["Rendez-vous Juri-PTCE confirmé"]
    booking = db.scalar(select(Booking).filter_by(booker_id=booker_id))
    assert booking.status is BookingStatus.CANCELLED and booking.slot_closed


def test_a_lawyer_closing_a_slot_rings_the_booker_who_is_moving_off_it(
        app, db, monkeypatch, make_user, make_lawyer, make_slot):
    """The booker's move locks the booker's row, then the slots; the lawyer's closing holds the slot and rings the
    booker: it must not wait for the booker's row while the move waits for the slot."""
    lawyer, booker = make_lawyer(), make_user(Role.FACILITATOR)
    first = make_slot(lawyer)
    later_id, lawyer_id, booker_id = make_slot(lawyer, days=40).id, lawyer.user_id, booker.id
    booking_id = bookings.book_slot(slot_id=first.id, booker=booker, question="Statuts de notre SCIC ?",
                                    idempotency_key="k").booking.id
    first_id = first.id
    closed_locked, booker_locked = threading.Event(), threading.Event()
    locked = closing.lock_slots

    def lock_then_hold(*args, **kwargs):  # the slot is locked: let the move take the booker's row
        rows = locked(*args, **kwargs)
        closed_locked.set()
        booker_locked.wait(2)
        return rows

    monkeypatch.setattr(closing, "lock_slots", lock_then_hold)
    lock_booker = bookings.lock_booker

    def lock_booker_then_go(booker):
        lock_booker(booker)
        booker_locked.set()

    monkeypatch.setattr(bookings, "lock_booker", lock_booker_then_go)
    hold(monkeypatch, bookings, "lock_booker", thread="move", until=closed_locked, seconds=5)
    outcomes = together(app, {
        "closing": lambda: closing.close_slots(slot_ids=[first_id], by=db_ext.session.get(User, lawyer_id),
                                               reason="Audience imprévue."),
        "move": lambda: bookings.reschedule_booking(booking_id=booking_id, new_slot_id=later_id,
                                                    by=db_ext.session.get(User, booker_id))})
    assert outcomes["closing"].appointments == 1, outcomes
    assert isinstance(outcomes["move"], Refused), outcomes  # it read the appointment cancelled by the closing
    assert _bell(db, booker_id)[-1].startswith("Rendez-vous Juri-PTCE avec ")
