"""Personal data hooks of Juri-PTCE: a leaver's bookings are released; bookings are exported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.legal.releases import release_bookings
from app.privacy.registry import register_account_deletion, register_data_export
from models import Booking, User


def release_on_departure(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: the leaver's bookings to come end as a deactivation ends them (``releases``): each
    lawyer told, a freed slot offered to its waitlist, waitlist places dropped (inside the deletion's transaction)."""
    release_bookings(user, now)


def export_bookings(session: Session, user: User) -> list[dict[str, object]]:
    """Data export hook: the Juri-PTCE bookings a user made, with their questions."""
    return [{
        "id": b.id, "debut_utc": b.slot.starts_at, "avocat": b.slot.lawyer_name,
        "question": b.question, "statut": b.state_label,
    } for b in session.scalars(select(Booking).where(Booking.booker_id == user.id).order_by(Booking.id))]


register_account_deletion("rendez_vous_juri_ptce", release_on_departure, order=18)
register_data_export("rendez_vous_juri_ptce", export_bookings, order=75)
