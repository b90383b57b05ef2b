"""What every change of a slot's bookings does: lock the slot, seat its participants, tell people.

Every change runs with the slot locked (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN
IMMEDIATE`` on SQLite) and the database refuses a second confirmed booking of one slot
(partial unique index), so nothing is ever booked twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.extensions import db
from app.legal.errors import BookingError
from app.legal.slots import holder_of
from app.notifications.outbox import cancel_pending, enqueue_template
from app.scheduling.ics import session_ics
from models import Booking, BookingStatus, LegalSlot, ParticipantRole, SessionParticipant, SessionStatus, utcnow

SUBJECTS = {
    "confirmation": "Rendez-vous Juri-PTCE confirmé",
    "cancellation": "Rendez-vous Juri-PTCE annulé",
    "rescheduled": "Rendez-vous Juri-PTCE déplacé",
    "offered": "Un créneau Juri-PTCE s'est libéré pour vous",
}


def lock_slots(session: Session, slot_ids: list[int]) -> dict[int, LegalSlot]:
    """Lock the slots (in id order, so two changes never deadlock) and reload their bookings."""
    ids = sorted(set(slot_ids))
    if session.get_bind().dialect.name == "sqlite":
        connection = session.connection()
        if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        query = select(LegalSlot).where(LegalSlot.id.in_(ids))
    else:
        query = select(LegalSlot).where(LegalSlot.id.in_(ids)).order_by(LegalSlot.id).with_for_update(of=LegalSlot)
    query = query.options(selectinload(LegalSlot.bookings), selectinload(LegalSlot.session))
    # populate_existing: a fresh view of the slots and their bookings once the lock is held.
    return {slot.id: slot for slot in session.scalars(query.execution_options(populate_existing=True))}


def by_key(session: Session, key: str) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.idempotency_key == key)
                          .execution_options(populate_existing=True))


def check_bookable(slot: LegalSlot | None, now: datetime) -> LegalSlot:
    if slot is None or slot.session.status is SessionStatus.CANCELLED:
        raise BookingError("Ce créneau n'existe plus.")
    if slot.starts_at <= now:
        raise BookingError("Ce créneau est déjà passé : choisissez-en un autre.")
    return slot


def attach(slot: LegalSlot, booking: Booking) -> None:
    """The lawyer (host) and the booker become the session's participants; SEQUENCE moves on."""
    meeting = slot.session
    present = {p.user_id for p in meeting.participants}
    for user_id, role in ((slot.lawyer.user_id, ParticipantRole.HOST),
                          (booking.booker_id, ParticipantRole.PARTICIPANT)):
        if user_id not in present:
            meeting.participants.append(SessionParticipant(user_id=user_id, role=role))
    meeting.ical_sequence += 1
    meeting.updated_at = utcnow()


def detach(slot: LegalSlot, booking: Booking, session: Session | None = None) -> None:
    """The slot is free again: nobody attends it; pending reminders are cancelled."""
    meeting = slot.session
    meeting.participants.clear()
    meeting.ical_sequence += 1
    meeting.updated_at = utcnow()
    cancel_pending(session or db.session, key_prefix=f"session:{meeting.id}:reminder:")


def notify(booking: Booking, event: str, *, to_lawyer: bool = True, cancelled_ics: bool = False,
           extra: str = "", reason: str = "", session: Session | None = None) -> None:
    """Tell the booker (and the lawyer) by e-mail, with the calendar file of the slot.

    ``reason``: what the booker wrote when cancelling, shown to the lawyer.
    """
    slot = booking.slot
    recipients = [booking.booker] + ([slot.lawyer.user] if to_lawyer else [])
    attachment = ("juri-ptce.ics", "text/calendar",
                  session_ics(slot.session, cancelled=cancelled_ics, attendees=[booking.booker, slot.lawyer.user]))
    for user in recipients:
        enqueue_template(
            session or db.session, key=f"booking:{booking.id}:{event}{extra}:user:{user.id}", to=user,
            subject=SUBJECTS[event], template=f"legal/mail/{event}.txt", booking=booking, slot=slot,
            for_lawyer=user.id == slot.lawyer.user_id, attachment=attachment, reason=reason,
        )


def offer_next(slot: LegalSlot, now: datetime, session: Session | None = None) -> Booking | None:
    """Offer the freed slot to the first person of its waitlist (once: it then holds the slot)."""
    if holder_of(slot) is not None or slot.starts_at <= now:
        return None
    waiting = [b for b in slot.bookings if b.status is BookingStatus.WAITLISTED]
    if not waiting:
        return None
    nxt = min(waiting, key=lambda b: b.id)
    nxt.status, nxt.offered_at = BookingStatus.OFFERED, now
    notify(nxt, "offered", to_lawyer=False, session=session)
    return nxt
