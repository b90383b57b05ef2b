"""Personal data hooks of Juri-PTCE: a leaver's bookings are released; bookings are exported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.legal.slot_changes import detach, notify, offer_next
from app.legal.slots import HOLDING
from app.notifications.outbox import cancel_pending
from app.privacy.registry import register_account_deletion, register_data_export
from models import Booking, BookingStatus, LegalSlot, User


def release_on_departure(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: the leaver's upcoming bookings are cancelled, each lawyer is told
    and a freed slot goes to its waitlist (runs inside the deletion's transaction)."""
    bookings = session.scalars(select(Booking).join(Booking.slot).where(
        Booking.booker_id == user.id, Booking.status.in_(HOLDING), LegalSlot.starts_at > now))
    for booking in bookings:
        was_confirmed = booking.status is BookingStatus.CONFIRMED
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        cancel_pending(session, key_prefix=f"booking:{booking.id}:")
        if was_confirmed:
            detach(booking.slot, booking)
            notify(booking, "cancellation", cancelled_ics=True)
        session.flush()
        offer_next(booking.slot, now)


def export_bookings(session: Session, user: User) -> list[dict[str, object]]:
    """Data export hook: the Juri-PTCE bookings a user made, with their questions."""
    return [{
        "id": b.id, "debut_utc": b.slot.starts_at, "avocat": b.slot.lawyer_name,
        "question": b.question, "statut": b.state_label,
    } for b in session.scalars(select(Booking).where(Booking.booker_id == user.id).order_by(Booking.id))]


register_account_deletion("rendez_vous_juri_ptce", release_on_departure, order=18)
register_data_export("rendez_vous_juri_ptce", export_bookings, order=75)
