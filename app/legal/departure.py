"""A lawyer leaves: the bookings others made on their slots are cancelled with a notice, never cascaded away.

Deleting a lawyer's account deletes their profile and, by the database's cascade, their slots and
the bookings on them. Before that happens (an account deletion hook, in the same transaction),
every booking still to come on those slots is cancelled, its holder told by e-mail with an ICS
CANCEL (the slot's session is cancelled and its sequence raised, so calendar feeds agree), and
people on a waitlist are told their place is gone. Past sessions stay in the participants'
calendars (sessions are not owned by the slot).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.notifications.outbox import cancel_pending, enqueue_template
from app.privacy.registry import register_account_deletion
from app.scheduling.ics import meeting_ics
from models import Booking, BookingStatus, LawyerProfile, LegalSlot, MeetingStatus, User, utcnow

OPEN_BOOKINGS = (BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITLISTED)


def cancel_lawyer_slots(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: the leaving lawyer's upcoming slots are cancelled and every booker told."""
    lawyer = session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))
    if lawyer is None:
        return
    slots = session.scalars(select(LegalSlot).where(LegalSlot.lawyer_profile_id == lawyer.id,
                                                    LegalSlot.starts_at > now).order_by(LegalSlot.starts_at))
    for slot in slots:
        meeting = slot.session
        if meeting.status is not MeetingStatus.CANCELLED:
            meeting.status = MeetingStatus.CANCELLED  # before the notices: their ICS says CANCELLED
            meeting.ical_sequence += 1
            meeting.updated_at = utcnow()
            cancel_pending(session, key_prefix=f"session:{meeting.id}:")
        for booking in slot.bookings:
            if booking.status not in OPEN_BOOKINGS:
                continue
            was_confirmed = booking.status in (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
            booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
            cancel_pending(session, key_prefix=f"booking:{booking.id}:")
            _tell_booker(session, booking, slot, was_confirmed=was_confirmed)
    session.flush()


def _tell_booker(session: Session, booking: Booking, slot: LegalSlot, *, was_confirmed: bool) -> None:
    attachment = ("juri-ptce.ics", "text/calendar", meeting_ics(slot.session, cancelled=True)) if was_confirmed else None
    enqueue_template(session, key=f"booking:{booking.id}:lawyer-left:user:{booking.booker_id}", to=booking.booker,
                     subject="Rendez-vous Juri-PTCE annulé : l'avocat·e quitte le réseau",
                     template="legal/mail/lawyer_left.txt", booking=booking, slot=slot,
                     was_confirmed=was_confirmed, attachment=attachment)


register_account_deletion("creneaux_de_l_avocat", cancel_lawyer_slots, order=17)
