"""The waitlist of a held Juri-PTCE slot, and offers of freed slots that time out."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.legal.bookings import (
    BookingResult, check_one_per_question, insert_new, lock_booker, open_request, question_key,
)
from app.legal.errors import BookingError
from app.legal.slot_changes import lock_booking_slot, offer_next
from app.legal.slots import holder_of
from app.notifications.outbox import cancel_pending
from app.transactions import transactional, unit_of_work
from models import Booking, BookingStatus, LegalSlot, User, utcnow


@transactional
def join_waitlist(*, slot_id: int, booker: User, question: str, idempotency_key: str,
                  now: datetime | None = None) -> BookingResult:
    """Put ``booker`` on the waitlist of a held slot (once per person and slot, once per question)."""
    now = now or utcnow()
    lock_booker(booker)  # as a booking: an account deactivated meanwhile joins no waitlist (it would be offered)
    question, slot, replay = open_request(slot_id=slot_id, booker=booker, question=question,
                                          idempotency_key=idempotency_key, now=now)
    if replay is not None:
        return replay
    mine = next((b for b in slot.bookings if b.booker_id == booker.id
                 and b.status is not BookingStatus.CANCELLED), None)
    if mine is not None:
        raise BookingError("Ce créneau est déjà le vôtre : vous l'avez réservé."
                           if mine.status in (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
                           else "Vous êtes déjà sur la liste d'attente de ce créneau.")
    if holder_of(slot) is None:
        raise BookingError("Ce créneau est libre : vous pouvez le réserver directement.")
    check_one_per_question(booker, question)
    question = question.strip()
    booking = Booking(slot_id=slot.id, booker_id=booker.id, pole_id=booker.pole_id, question=question,
                      question_key=question_key(question), status=BookingStatus.WAITLISTED,
                      idempotency_key=idempotency_key)
    lost = insert_new(booking, slot=slot, key=idempotency_key, booker=booker)
    return lost or BookingResult(booking, created=True)


def expire_offers(*, now: datetime | None = None) -> int:
    """Offers left unanswered for ``BOOKING_OFFER_HOURS`` go to the next person of the waitlist.

    One unit of work per offer, so one slot's lock is never held while the next is handled.
    """
    now = now or utcnow()
    limit = now - timedelta(hours=current_app.config["BOOKING_OFFER_HOURS"])
    stale = list(db.session.scalars(
        select(Booking.id).join(Booking.slot)
        .where(Booking.status == BookingStatus.OFFERED,
               (Booking.offered_at <= limit) | (LegalSlot.starts_at <= now))))
    expired = 0
    for booking_id in stale:
        with unit_of_work():
            slot, booking = lock_booking_slot(db.session, db.session.get(Booking, booking_id))
            if booking.status is BookingStatus.OFFERED:
                booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
                cancel_pending(db.session, key_prefix=f"booking:{booking.id}:")
                db.session.flush()
                offer_next(slot, now)
                expired += 1
    return expired
