"""A person's Juri-PTCE bookings and slots to come, released when their account is deactivated or deleted.

A booking holds its slot as a registration holds a seat at a collective session: the one place of the slot, with a
waitlist behind it. Each open booking of the person (confirmed, offered, or a waitlist place) on a slot not begun
ends as by « Annuler » (``slot_changes.end_booking``, under the slot's lock): the lawyer is told, the slot is
offered to the first person waiting, the waitlist place is dropped. A consultation begun or past keeps its history.

A deactivated lawyer's slots to come are withdrawn (``withdraw_slots``): each is closed the one way a slot is
(``slot_changes.cancel_slot``, as a closing by the lawyer), so no page offers it and no booking takes it
(``check_bookable``: a closed slot's meeting is cancelled); each pole that held or waited for one is told by mail.

Reactivating the account gives nothing back: the slot may be someone else's by then, and a withdrawn slot stays
closed (it is reopened from the lawyer's slots page, ``closing.reopen_slot``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.legal.slot_changes import cancel_slot, end_booking, lock_booking_slot, lock_slots
from app.legal.slots import OPEN_BOOKINGS, lawyer_profile_of
from app.notifications.outbox import enqueue_template
from app.scheduling.ics import meeting_ics
from app.templating import format_datetime, zone_of
from models import Booking, LegalSlot, Meeting, MeetingStatus, User, utcnow


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


@dataclass(frozen=True)
class Withdrawal:
    """What a lawyer's deactivation withdrew: slots closed, appointments cancelled, waitlist places ended."""

    slots: int = 0
    appointments: int = 0
    waitlisted: int = 0


def open_slots_to_come(user: User, now: datetime | None = None) -> list[LegalSlot]:
    """The slots still offered of the lawyer whose account is ``user`` (none for anyone else), soonest first."""
    lawyer = lawyer_profile_of(user)
    if lawyer is None:
        return []
    return list(db.session.scalars(
        select(LegalSlot).join(LegalSlot.session)
        .where(LegalSlot.lawyer_profile_id == lawyer.id, LegalSlot.starts_at > (now or utcnow()),
               Meeting.status == MeetingStatus.SCHEDULED).order_by(LegalSlot.starts_at, LegalSlot.id)))


def withdraw_slots(user: User, now: datetime | None = None) -> Withdrawal:
    """Close every open slot to come of the lawyer ``user`` (their account being deactivated) and tell each pole
    that held or waited for one. The slots are locked first (``lock_slots``): a booking made at the same moment
    either came before (and is cancelled here, its pole told) or finds the slot closed."""
    now = now or utcnow()
    slots = lock_slots(db.session, [slot.id for slot in open_slots_to_come(user, now)])
    appointments = waitlisted = closed = 0
    for slot in sorted(slots.values(), key=lambda s: s.starts_at):
        if slot.session.status is not MeetingStatus.SCHEDULED or slot.starts_at <= now:
            continue  # closed or begun while the lock was awaited
        for booking in cancel_slot(db.session, slot, now, lambda booking, holding, slot=slot: _tell_pole(
                booking, slot, was_appointment=holding and booking.confirmed_at is not None)):
            if booking.confirmed_at is not None:
                appointments += 1
            else:
                waitlisted += 1
        closed += 1
    return Withdrawal(slots=closed, appointments=appointments, waitlisted=waitlisted)


def _tell_pole(booking: Booking, slot: LegalSlot, *, was_appointment: bool) -> None:
    """The booker reads that the lawyer no longer consults, with a link to ask the same question again. An offer
    from the waitlist not yet confirmed was never an appointment: it reads as its waitlist place."""
    booking.slot_closed = True  # « Mes rendez-vous » says the lawyer will not hold it, as for a closed slot
    attachment = (("juri-ptce.ics", "text/calendar", meeting_ics(slot.session, cancelled=True))
                  if was_appointment else None)
    what, ended = ("Rendez-vous", "annulé") if was_appointment else ("Liste d'attente", "annulée")
    enqueue_template(db.session, key=f"booking:{booking.id}:lawyer-away:user:{booking.booker_id}", to=booking.booker,
                     subject=f"{what} Juri-PTCE du {format_datetime(slot.starts_at, zone_of(booking.booker))} "
                             f"{ended}\u00a0: {slot.lawyer_addressed_as} ne consulte plus"[:300],
                     template="legal/mail/lawyer_away.txt", booking=booking, slot=slot,
                     was_appointment=was_appointment, attachment=attachment)
