"""A person's Juri-PTCE bookings to come, released when their account is deactivated or deleted.

A booking holds its slot as a registration holds a seat at a collective session: the one place of the slot, with a
waitlist behind it. Each open booking of the person (confirmed, offered, or a waitlist place) on a slot not begun
ends as by « Annuler » (``slot_changes.end_booking``, under the slot's lock): the lawyer is told, the slot is
offered to the first person waiting, the waitlist place is dropped. A consultation begun or past keeps its history.
Reactivating the account gives nothing back: the slot may be someone else's by then.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.legal.slot_changes import end_booking, lock_booking_slot
from app.legal.slots import OPEN_BOOKINGS
from models import Booking, LegalSlot, User, utcnow


def bookings_to_come(user: User, now: datetime | None = None) -> list[Booking]:
    """``user``'s open bookings (confirmed, offered, waiting) on slots not begun yet, soonest first."""
    return list(db.session.scalars(
        select(Booking).join(LegalSlot, LegalSlot.id == Booking.slot_id)
        .where(Booking.booker_id == user.id, Booking.status.in_(OPEN_BOOKINGS), LegalSlot.starts_at > (now or utcnow()))
        .order_by(LegalSlot.starts_at, Booking.id)))


def release_bookings(user: User, now: datetime | None = None) -> int:
    """End every booking ``user`` holds or waits for on a slot not begun: how many were released. Runs in the
    caller's unit of work (deactivation, deletion), which locked the account first."""
    now = now or utcnow()
    released = 0
    for booking in bookings_to_come(user, now):
        slot, booking = lock_booking_slot(db.session, booking)  # re-read under the slot's lock
        if booking.status in OPEN_BOOKINGS and slot.starts_at > now:
            end_booking(slot, booking, now)
            released += 1
    return released
