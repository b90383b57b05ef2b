"""The waitlist of a held Juri-PTCE slot, and offers of freed slots that time out."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.text_rules import require_text
from app.legal.bookings import BookingResult, check_one_per_question, insert_new, question_key, same_form
from app.legal.errors import BookingError
from app.legal.slot_changes import by_key, check_bookable, lock_slots, offer_next
from app.legal.slots import holder_of
from app.notifications.outbox import cancel_pending
from app.transactions import transactional, unit_of_work
from models import Booking, BookingStatus, LegalSlot, User, utcnow


@transactional
def join_waitlist(*, slot_id: int, booker: User, question: str, idempotency_key: str,
                  now: datetime | None = None) -> BookingResult:
    """Put ``booker`` on the waitlist of a held slot (once per person and slot, once per question)."""
    now = now or utcnow()
    question = require_text(question, field_label="Votre question juridique", multiline=True, error=BookingError)
    existing = by_key(db.session, idempotency_key)
    if existing is not None:
        return same_form(existing, booker)
    slot = check_bookable(lock_slots(db.session, [slot_id]).get(slot_id), now)
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
            slot_id = db.session.get(Booking, booking_id).slot_id
            slot = lock_slots(db.session, [slot_id])[slot_id]
            booking = next(b for b in slot.bookings if b.id == booking_id)
            if booking.status is BookingStatus.OFFERED:
                booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
                cancel_pending(db.session, key_prefix=f"booking:{booking.id}:")
                db.session.flush()
                offer_next(slot, now)
                expired += 1
    return expired
