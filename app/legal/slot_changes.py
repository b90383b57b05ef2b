"""What every change of a slot's bookings does: lock the slot, seat its participants, tell people.

Every change runs with the slot locked (``app.locks``: ``SELECT ... FOR UPDATE`` on PostgreSQL,
``BEGIN IMMEDIATE`` on SQLite) and the database refuses a second confirmed booking of one slot
(partial unique index), so nothing is ever booked twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.extensions import db
from app.legal.errors import BookingError
from app.legal.slots import HOLDING, OPEN_BOOKINGS, holder_of, place_of
from app.locks import lock_rows
from app.notifications.inbox import notice_beside_mail
from app.notifications.outbox import cancel_pending, enqueue_template
from app.scheduling.ics import meeting_ics
from app.scheduling.meetings import cancel_meeting, set_participants, set_place
from app.scheduling.seats import promoted_from_waitlist
from app.templating import format_datetime, zone_of
from models import Booking, BookingStatus, LawyerProfile, LegalSlot, ParticipantRole, MeetingStatus, User, utcnow

#: ``{when}``: the slot's day and hour in the reader's zone, so that a lawyer's mailbox tells its appointments apart.
SUBJECTS = {
    "confirmation": "Rendez-vous Juri-PTCE confirmé\u00a0: {when}",
    "cancellation": "Rendez-vous Juri-PTCE annulé\u00a0: {when}",
    "rescheduled": "Rendez-vous Juri-PTCE déplacé au {when}",
    "offered": "Un créneau Juri-PTCE s'est libéré pour vous\u00a0: {when}",
    "place_changed": "Rendez-vous Juri-PTCE du {when}\u00a0: nouvelles modalités",
}
#: Events the booker did not cause: they also ring the booker's bell (the lawyer's bell rings for every event
#: mailed to the lawyer, none of which the lawyer causes).
BOOKER_BELL = frozenset({"offered", "place_changed"})
#: The bell notices' category (none of the mail preferences: these mails leave at once, with their .ics).
BELL_CATEGORY = "booking"


def ring(user: User, text: str, *, lawyer: bool, slot: LegalSlot) -> None:
    """A notice under ``user``'s bell beside a Juri-PTCE mail that leaves at once (``notice_beside_mail``, as a
    session's cancellation does): the lawyer is sent to the slot's page, the booker to « Mes rendez-vous »."""
    url = f"/juri-ptce/creneaux/{slot.id}" if lawyer else "/juri-ptce/mes-rendez-vous"
    notice_beside_mail(user=user, category=BELL_CATEGORY, text=text, url=url)


def lock_slots(session: Session, slot_ids: list[int]) -> dict[int, LegalSlot]:
    """Lock the slots (``app.locks.lock_rows``: in id order, so two changes never deadlock) and
    reload their bookings and meetings as the previous holder of the lock committed them."""
    locked = lock_rows(session, LegalSlot, slot_ids)
    if locked:
        session.scalars(select(LegalSlot).where(LegalSlot.id.in_(list(locked)))
                        .options(selectinload(LegalSlot.bookings), selectinload(LegalSlot.session))
                        .execution_options(populate_existing=True)).all()
    return locked


def lock_booking_slot(session: Session, booking: Booking) -> tuple[LegalSlot, Booking]:
    """Lock ``booking``'s slot; return the slot and the booking as reloaded under the lock."""
    slot = lock_slots(session, [booking.slot_id])[booking.slot_id]
    return slot, next(b for b in slot.bookings if b.id == booking.id)


def by_key(session: Session, key: str) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.idempotency_key == key)
                          .execution_options(populate_existing=True))


def check_bookable(slot: LegalSlot | None, now: datetime) -> LegalSlot:
    if slot is None or slot.lawyer_profile_id is None or slot.session.status is MeetingStatus.CANCELLED:
        raise BookingError("Ce créneau n'existe plus.")
    if slot.starts_at <= now:
        raise BookingError("Ce créneau est déjà passé : choisissez-en un autre.")
    return slot


def attach(slot: LegalSlot, booking: Booking) -> None:
    """The lawyer (host) and the booker become the meeting's participants; SEQUENCE moves on."""
    set_participants(meeting=slot.session, wanted={booking.booker_id: ParticipantRole.PARTICIPANT,
                                                   slot.lawyer.user_id: ParticipantRole.HOST})


def detach(slot: LegalSlot, booking: Booking) -> None:
    """The slot is free again: nobody attends it; their pending reminders are cancelled, SEQUENCE moves on."""
    set_participants(meeting=slot.session, wanted={})


def notify(booking: Booking, event: str, *, to_lawyer: bool = True, cancelled_ics: bool = False,
           extra: str = "", reason: str = "", session: Session | None = None) -> None:
    """Tell the booker (and the lawyer) by e-mail, with the calendar file of the slot.

    A slot only offered (a freed place held for someone of the waitlist) gets no calendar file: nothing is booked
    until they confirm (the confirmation carries it), and an offer left to expire sends nothing that would remove it.
    ``reason``: what the booker wrote when cancelling, shown to the lawyer.
    """
    slot = booking.slot
    recipients = [booking.booker] + ([slot.lawyer.user] if to_lawyer else [])
    attachment = None if booking.status is BookingStatus.OFFERED and not cancelled_ics else (
        "juri-ptce.ics", "text/calendar",
        meeting_ics(slot.session, cancelled=cancelled_ics, attendees=[booking.booker, slot.lawyer.user]))
    for user in recipients:
        subject = SUBJECTS[event].format(when=format_datetime(slot.starts_at, zone_of(user)))
        for_lawyer = user.id == slot.lawyer.user_id
        mailed = enqueue_template(
            session or db.session, key=f"booking:{booking.id}:{event}{extra}:user:{user.id}", to=user,
            subject=subject, template=f"legal/mail/{event}.txt", booking=booking, slot=slot,
            for_lawyer=for_lawyer, attachment=attachment, reason=reason,
        )
        if mailed is not None and (for_lawyer or event in BOOKER_BELL):
            ring(user, f"{subject}, avec {who_booked(booking)}" if for_lawyer else subject, lawyer=for_lawyer, slot=slot)


def who_booked(booking: Booking) -> str:
    """The booker as a lawyer's bell names them: with their pole, the one a lawyer prepares for (« Claire Dumas
    (Collectif Coopér'Acteurs du Livradois) »); the name alone for a booker without one."""
    name = booking.booker.display_name
    return f"{name} ({booking.pole.name})" if booking.pole is not None else name


def offer_next(slot: LegalSlot, now: datetime, session: Session | None = None) -> Booking | None:
    """Offer the freed slot to the first person of its waitlist (once: it then holds the slot). A deactivated
    account is passed over (its place stays, deactivation being reversible): offered the slot, it would hold it
    a day for nobody (mail audit)."""
    if slot.starts_at <= now:
        return None
    waiting = sorted((b for b in slot.bookings if b.status is BookingStatus.WAITLISTED and b.booker.is_active),
                     key=lambda b: b.id)
    promoted = promoted_from_waitlist(waiting, taken=0 if holder_of(slot) is None else 1, capacity=1)
    if not promoted:
        return None
    nxt = promoted[0]
    nxt.status, nxt.offered_at = BookingStatus.OFFERED, now
    notify(nxt, "offered", to_lawyer=False, session=session)
    return nxt


def end_booking(slot: LegalSlot, booking: Booking, now: datetime, *, reason: str = "") -> None:
    """Cancel ``booking`` (confirmed, offered or waiting) on its locked ``slot``: pending mails dropped, a confirmed
    booking's lawyer and booker told (with the ICS CANCEL), a freed slot offered to the first person waiting. The one
    path a booking ends by: its booker cancelling (``bookings.cancel_booking``), the account deactivated or deleted
    (``releases.release_bookings``)."""
    was_holding = booking.status in HOLDING
    was_confirmed = booking.status is BookingStatus.CONFIRMED
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
    cancel_pending(db.session, key_prefix=f"booking:{booking.id}:")
    if was_confirmed:
        detach(slot, booking)
        notify(booking, "cancellation", cancelled_ics=True, reason=reason)
    db.session.flush()
    if was_holding:
        offer_next(slot, now)


def cancel_slot(session: Session, slot: LegalSlot, now: datetime,
                tell: Callable[[Booking, bool], None]) -> list[Booking]:
    """Cancel ``slot`` through the backbone (``cancel_meeting``: status, SEQUENCE, reminders) and every open
    booking on it; ``tell(booking, was_holding)`` tells each booker in the caller's words.

    A waitlist place ends with the meeting: no seat is left to give, so the waitlist is not served
    (``offer_next`` is not asked). The participants stay, so that their calendars read the cancellation.
    Returns the bookings cancelled. The one way a slot is cancelled: a lawyer's departure, a closing.
    """
    meeting = slot.session
    if meeting.status is not MeetingStatus.CANCELLED:
        cancel_meeting(meeting=meeting)  # before the notices: their ICS says CANCELLED
        meeting.updated_at = utcnow()
        cancel_pending(session, key_prefix=f"session:{meeting.id}:")
    cancelled = []
    for booking in slot.bookings:
        if booking.status not in OPEN_BOOKINGS:
            continue
        was_holding = booking.status in HOLDING
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        cancel_pending(session, key_prefix=f"booking:{booking.id}:")
        tell(booking, was_holding)
        cancelled.append(booking)
    session.flush()
    return cancelled


def write_place_on_slots(lawyer: LawyerProfile, *, now: datetime | None = None) -> list[Booking]:
    """Write ``lawyer``'s place (``place_of``: what their profile says) onto their coming slots, and tell whoever
    holds one of the slots it changed how the appointment will now be held, with the updated .ics. Returns the
    bookings told.

    Past slots keep the place where they took place; a slot nobody holds changes silently; the same place again
    changes nothing (``set_place``), so tells nobody. The slots are locked first (``lock_slots``): a booking made
    at the same moment either sees the new place in its confirmation or is told of it here. A change made again
    before the previous notice left replaces it (only the last place is said).
    """
    now = now or utcnow()
    coming = db.session.scalars(select(LegalSlot.id).where(LegalSlot.lawyer_profile_id == lawyer.id,
                                                           LegalSlot.starts_at > now)).all()
    slots = sorted(lock_slots(db.session, list(coming)).values(), key=lambda slot: slot.starts_at)
    changed = {meeting.id for meeting in set_place(meetings=[slot.session for slot in slots], place=place_of(lawyer))}
    told = []
    for slot in slots:
        holder = holder_of(slot)
        if slot.session_id not in changed or slot.session.status is not MeetingStatus.SCHEDULED or holder is None:
            continue
        cancel_pending(db.session, key_prefix=f"booking:{holder.id}:place_changed:")
        notify(holder, "place_changed", to_lawyer=False, extra=f":seq:{slot.session.ical_sequence}")
        told.append(holder)
    return told
