"""A lawyer leaves: the bookings others made on their slots are cancelled with a notice, never cascaded away.

Deleting a lawyer's account deletes their profile; their slots stay (``legal_slots.lawyer_profile_id``
is ``SET NULL``, the lawyer shown as « Compte supprimé »), so past consultations stay in the
facilitators' history and in the bilan. Before that (an account deletion hook, in the same
transaction), every slot still to come is cancelled through the scheduling backbone (status,
SEQUENCE, pending reminders), each booking on it cancelled and its holder told by e-mail with an
ICS CANCEL, people on a waitlist told their place is gone. A slot to come that nobody ever booked
is nobody's history: it goes. A slot without its lawyer never takes a booking (``check_bookable``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.legal.slot_changes import cancel_slot
from app.notifications.outbox import enqueue_template
from app.privacy.registry import register_account_deletion
from app.scheduling.ics import meeting_ics
from app.templating import format_datetime, zone_of
from models import Booking, LawyerProfile, LegalSlot, User


def cancel_lawyer_slots(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: the leaving lawyer's upcoming slots are cancelled and every booker told."""
    lawyer = session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))
    if lawyer is None:
        return
    slots = session.scalars(select(LegalSlot).where(LegalSlot.lawyer_profile_id == lawyer.id,
                                                    LegalSlot.starts_at > now).order_by(LegalSlot.starts_at))
    for slot in slots.all():
        meeting = slot.session
        if not slot.bookings:
            session.delete(slot)
            session.delete(meeting)
            continue
        cancel_slot(session, slot, now, lambda booking, was_holding, slot=slot: _tell_booker(
            session, booking, slot, was_confirmed=was_holding))
    session.flush()


def _tell_booker(session: Session, booking: Booking, slot: LegalSlot, *, was_confirmed: bool) -> None:
    attachment = ("juri-ptce.ics", "text/calendar", meeting_ics(slot.session, cancelled=True)) if was_confirmed else None
    enqueue_template(session, key=f"booking:{booking.id}:lawyer-left:user:{booking.booker_id}", to=booking.booker,
                     subject=f"Rendez-vous Juri-PTCE du {format_datetime(slot.starts_at, zone_of(booking.booker))} "
                             f"annulé\u00a0: {slot.lawyer_name} quitte le réseau"[:300],
                     template="legal/mail/lawyer_left.txt", booking=booking, slot=slot,
                     was_confirmed=was_confirmed, attachment=attachment)


register_account_deletion("creneaux_de_l_avocat", cancel_lawyer_slots, order=17)
