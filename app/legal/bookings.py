"""Booking a Juri-PTCE slot, cancelling, accepting an offered slot, rescheduling.

One open booking per person and question: a second one for the same question (the same text,
whatever its spacing or case, as a need's page sends it) is refused with a message saying
where the first one stands; the database refuses it too (partial unique index).

One appointment at a time: a person never holds two confirmed appointments whose hours overlap
(two questions with two lawyers on the same afternoon slot); the second is refused naming the first.
Every step that confirms an appointment locks the booker's row first (``lock_booker``), then the
slots, so two bookings of one person at once are checked one after the other.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.locks import ACCOUNT_DEACTIVATED, lock_active_account

from app.extensions import db
from app.text_rules import bounded_text, require_text
from app.legal.errors import BookingError, SlotTaken
from app.legal.slot_changes import (
    attach, by_key, check_bookable, detach, end_booking, lock_booking_slot, lock_slots, notify, offer_next, ring,
)
from app.legal.slots import OPEN_BOOKINGS, can_change, holder_of
from app.notifications.outbox import cancel_pending, enqueue_template
from app.scheduling.ics import meeting_ics
from app.templating import format_datetime, zone_of
from app.transactions import savepoint, transactional
from models import Booking, BookingStatus, LawyerProfile, LegalSlot, Meeting, MeetingStatus, User, utcnow

#: Longest cancellation reason for the lawyer's mail (a longer one is refused, never cut).
REASON_MAX_CHARS = 1000


def new_idempotency_key() -> str:
    """The hidden field of a booking form: one key per displayed form."""
    return secrets.token_urlsafe(24)


def question_key(question: str) -> str:
    """One key per question, whatever its spacing or case."""
    return hashlib.sha256(" ".join(question.casefold().split()).encode("utf-8")).hexdigest()


def open_booking_for(booker: User, question: str) -> Booking | None:
    """``booker``'s open booking (or waitlist place) for this question, if any."""
    return db.session.scalar(
        select(Booking).where(Booking.booker_id == booker.id, Booking.question_key == question_key(question),
                              Booking.status.in_(OPEN_BOOKINGS))
        .options(joinedload(Booking.slot).joinedload(LegalSlot.lawyer).joinedload(LawyerProfile.user))
        .execution_options(populate_existing=True))


def already_booked_message(booking: Booking) -> str:
    when = format_datetime(booking.slot.starts_at, zone_of(booking.booker))
    lawyer = booking.slot.lawyer_name
    if booking.status is BookingStatus.WAITLISTED:
        return (f"Vous êtes déjà sur la liste d'attente du {when} avec {lawyer} pour cette question. "
                "Une seule demande par question : quittez cette liste d'attente dans « Mes rendez-vous » "
                "pour en choisir une autre.")
    return (f"Vous avez déjà un rendez-vous le {when} avec {lawyer} pour cette question. Une seule "
            "réservation par question : déplacez ou annulez ce rendez-vous dans « Mes rendez-vous ».")


def check_one_per_question(booker: User, question: str) -> None:
    mine = open_booking_for(booker, question)
    if mine is not None:
        raise BookingError(already_booked_message(mine))


def lock_booker(booker: User) -> None:
    """Lock the booker's row before the slots (always in this order: never a deadlock), so that two
    requests of one person that confirm appointments run one after the other."""
    if not lock_active_account(db.session, booker.id):  # deactivated while the request ran
        raise BookingError(ACCOUNT_DEACTIVATED)


def appointment_at_that_hour(booker: User, slot: LegalSlot, *, besides: int | None = None) -> Booking | None:
    """``booker``'s confirmed appointment on another slot whose hours overlap ``slot``'s, if any
    (``besides``: a booking left out, the one being moved)."""
    query = (select(Booking).join(Booking.slot).join(LegalSlot.session)
             .where(Booking.booker_id == booker.id, Booking.status == BookingStatus.CONFIRMED,
                    Booking.slot_id != slot.id, Meeting.status != MeetingStatus.CANCELLED,
                    Meeting.starts_at < slot.session.ends_at, Meeting.ends_at > slot.session.starts_at)
             .options(joinedload(Booking.slot).joinedload(LegalSlot.session),
                      joinedload(Booking.slot).joinedload(LegalSlot.lawyer).joinedload(LawyerProfile.user))
             .order_by(Meeting.starts_at).limit(1)
             .execution_options(populate_existing=True))
    if besides is not None:
        query = query.where(Booking.id != besides)
    return db.session.scalar(query)


def appointment_hours(booker: User) -> list[tuple[datetime, datetime]]:
    """The hours (start, end) of ``booker``'s confirmed appointments still to come: no slot overlapping
    one of them is offered to them (``check_one_at_a_time`` would refuse it)."""
    rows = db.session.execute(
        select(Meeting.starts_at, Meeting.ends_at).select_from(Booking).join(Booking.slot).join(LegalSlot.session)
        .where(Booking.booker_id == booker.id, Booking.status == BookingStatus.CONFIRMED,
               Meeting.status != MeetingStatus.CANCELLED, Meeting.ends_at > utcnow()))
    return [(starts, ends) for starts, ends in rows]


def same_hour_message(booking: Booking) -> str:
    when = format_datetime(booking.slot.starts_at, zone_of(booking.booker))
    question = " ".join(booking.question.split())
    if len(question) > 80:
        question = question[:79].rstrip() + "…"
    return (f"Vous avez déjà un rendez-vous Juri-PTCE à cette heure-là : le {when} avec "
            f"{booking.slot.lawyer_name}, pour la question « {question} ». Un seul rendez-vous à la fois : "
            "choisissez un autre créneau, ou déplacez d'abord ce rendez-vous dans « Mes rendez-vous ».")


def check_one_at_a_time(booker: User, slot: LegalSlot, *, besides: int | None = None) -> None:
    mine = appointment_at_that_hour(booker, slot, besides=besides)
    if mine is not None:
        raise BookingError(same_hour_message(mine))


@dataclass
class BookingResult:
    booking: Booking
    created: bool


def same_form(existing: Booking, booker: User) -> BookingResult:
    if existing.booker_id != booker.id:
        raise BookingError("Ce formulaire a déjà servi : rechargez la page.")
    return BookingResult(existing, created=False)


def insert_new(booking: Booking, *, slot: LegalSlot, key: str, booker: User) -> BookingResult | None:
    """Insert ``booking`` (built with ids, not yet in the session) inside a savepoint; on a unique
    violation say whether the same form won (idempotent), the same question is already booked,
    or someone else took the slot. The savepoint keeps the unit usable after the violation."""
    try:
        with savepoint():
            db.session.add(booking)
            db.session.flush()
    except IntegrityError:
        existing = by_key(db.session, key)
        if existing is not None:
            return same_form(existing, booker)
        check_one_per_question(booker, booking.question)
        raise SlotTaken(slot.id) from None
    db.session.expire(slot, ["bookings"])  # built with ids: the slot's loaded list lacks it
    return None


def open_request(*, slot_id: int, booker: User, question: str, idempotency_key: str,
                 now: datetime) -> tuple[str, LegalSlot | None, BookingResult | None]:
    """How a booking and a waitlist request start: the question checked, then the form's earlier
    result if it was already sent (``replay``), else the slot locked and checked bookable."""
    question = require_text(question, field_label="Votre question juridique", multiline=True, error=BookingError)
    existing = by_key(db.session, idempotency_key)
    if existing is not None:
        return question, None, same_form(existing, booker)
    return question, check_bookable(lock_slots(db.session, [slot_id]).get(slot_id), now), None


@transactional
def book_slot(*, slot_id: int, booker: User, question: str, idempotency_key: str,
              now: datetime | None = None) -> BookingResult:
    """Book ``slot_id`` for ``booker``; the same ``idempotency_key`` twice books once.

    Raises ``SlotTaken`` when someone else holds the slot, ``BookingError`` otherwise (one of
    them: the booker already has an open booking for this question).
    """
    now = now or utcnow()
    lock_booker(booker)
    question, slot, replay = open_request(slot_id=slot_id, booker=booker, question=question,
                                          idempotency_key=idempotency_key, now=now)
    if replay is not None:
        return replay
    existing = by_key(db.session, idempotency_key)
    if existing is not None:
        return same_form(existing, booker)
    check_one_per_question(booker, question)
    if holder_of(slot) is not None:
        raise SlotTaken(slot_id)
    check_one_at_a_time(booker, slot)
    question = question.strip()
    booking = Booking(slot_id=slot.id, booker_id=booker.id, pole_id=booker.pole_id, question=question,
                      question_key=question_key(question), status=BookingStatus.CONFIRMED,
                      idempotency_key=idempotency_key, confirmed_at=now)
    lost = insert_new(booking, slot=slot, key=idempotency_key, booker=booker)
    if lost is not None:
        return lost
    attach(slot, booking)
    notify(booking, "confirmation")
    return BookingResult(booking, created=True)


def _load_own(booking_id: int, user: User) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.booker_id != user.id:
        raise LookupError(booking_id)
    return booking


@transactional
def cancel_booking(*, booking_id: int, by: User, reason: str = "", now: datetime | None = None) -> Booking:
    """Cancel (or decline an offer, or leave a waitlist) until the deadline; the waitlist is offered the slot.

    ``reason`` (optional) is shown to the lawyer in the cancellation mail. Idempotent:
    cancelling a cancelled booking changes nothing. Raises ``LookupError`` when the booking is
    not ``by``'s, ``BookingError`` past the deadline.
    """
    now = now or utcnow()
    reason = bounded_text(reason, field_label="Motif", most=REASON_MAX_CHARS, error=BookingError)
    slot, booking = lock_booking_slot(db.session, _load_own(booking_id, by))
    if booking.status is BookingStatus.CANCELLED:
        return booking
    if not can_change(booking, now=now):
        raise BookingError("Le délai d'annulation est dépassé\u00a0: contactez directement "
                           + (f"{slot.lawyer_addressed_as}." if slot.lawyer is not None else "l'avocat·e."))
    end_booking(slot, booking, now, reason=reason)
    return booking


@transactional
def accept_offer(*, booking_id: int, by: User, now: datetime | None = None) -> Booking:
    """Confirm a freed slot offered from the waitlist."""
    now = now or utcnow()
    own = _load_own(booking_id, by)
    lock_booker(by)
    slot, booking = lock_booking_slot(db.session, own)
    if booking.status is BookingStatus.CONFIRMED:
        return booking
    if booking.status is not BookingStatus.OFFERED or slot.starts_at <= now:
        raise BookingError("Cette proposition n'est plus valable.")
    check_one_at_a_time(by, slot)
    booking.status, booking.confirmed_at = BookingStatus.CONFIRMED, now
    db.session.flush()
    attach(slot, booking)
    notify(booking, "confirmation")
    return booking


@transactional
def reschedule_booking(*, booking_id: int, new_slot_id: int, by: User,
                       now: datetime | None = None) -> Booking:
    """Move a confirmed booking to another free slot (same question); the old slot goes to its waitlist."""
    now = now or utcnow()
    old_slot_id = _load_own(booking_id, by).slot_id
    if new_slot_id == old_slot_id:
        raise BookingError("Choisissez un autre créneau que le vôtre.")
    lock_booker(by)
    slots = lock_slots(db.session, [old_slot_id, new_slot_id])
    old_slot = slots[old_slot_id]
    booking = next(b for b in old_slot.bookings if b.id == booking_id)
    if booking.status is not BookingStatus.CONFIRMED:
        raise BookingError("Seul un rendez-vous confirmé peut être déplacé.")
    if not can_change(booking, now=now):
        raise BookingError("Le délai pour déplacer ce rendez-vous est dépassé.")
    new_slot = check_bookable(slots.get(new_slot_id), now)
    if holder_of(new_slot) is not None:
        raise SlotTaken(new_slot_id)
    check_one_at_a_time(by, new_slot, besides=booking.id)
    booking.status, booking.cancelled_at, booking.moved = BookingStatus.CANCELLED, now, True
    cancel_pending(db.session, key_prefix=f"booking:{booking.id}:")
    detach(old_slot, booking)
    db.session.flush()
    moved = Booking(slot_id=new_slot.id, booker_id=by.id, pole_id=booking.pole_id, question=booking.question,
                    question_key=booking.question_key, status=BookingStatus.CONFIRMED,
                    idempotency_key=new_idempotency_key(), confirmed_at=now)
    try:
        with savepoint():
            db.session.add(moved)
            db.session.flush()
    except IntegrityError:
        raise SlotTaken(new_slot_id) from None
    db.session.expire(new_slot, ["bookings"])
    attach(new_slot, moved)
    notify(moved, "rescheduled")
    _remove_old_time(booking, old_slot, same_lawyer=old_slot.lawyer_profile_id == new_slot.lawyer_profile_id)
    if old_slot.lawyer_profile_id != new_slot.lawyer_profile_id:
        subject = f"Rendez-vous Juri-PTCE déplacé chez {new_slot.lawyer_addressed_as}"
        if enqueue_template(db.session, key=f"booking:{booking.id}:cancellation:user:{old_slot.lawyer.user_id}",
                            to=old_slot.lawyer.user, subject=subject,
                            template="legal/mail/cancellation.txt", booking=booking, slot=old_slot,
                            moved_to=new_slot.lawyer_addressed_as,
                            for_lawyer=True, reason="", attachment=("juri-ptce.ics", "text/calendar",
                                                                    meeting_ics(old_slot.session, cancelled=True,
                                                                                attendees=[old_slot.lawyer.user]))
                            ) is not None:
            ring(old_slot.lawyer.user, f"{subject}, avec {by.display_name}", lawyer=True, slot=old_slot)
    offer_next(old_slot, now)
    return moved


def _remove_old_time(booking: Booking, old_slot: LegalSlot, *, same_lawyer: bool) -> None:
    """The old time leaves the calendars it was in: the new slot is another meeting (another UID), so its REQUEST
    does not replace it. The booker, and the lawyer when the booking stays with them, get its CANCEL (another lawyer
    is told by the cancellation mail)."""
    for user in [booking.booker] + ([old_slot.lawyer.user] if same_lawyer else []):
        enqueue_template(db.session, key=f"booking:{booking.id}:old-time:user:{user.id}", to=user,
                         subject="Rendez-vous Juri-PTCE déplacé\u00a0: l'ancien horaire quitte votre agenda",
                         template="legal/mail/old_time_removed.txt", booking=booking, slot=old_slot,
                         for_lawyer=user.id == old_slot.lawyer.user_id,
                         attachment=("juri-ptce.ics", "text/calendar",
                                     meeting_ics(old_slot.session, cancelled=True, attendees=[user])))


def bookings_of(user: User) -> list[Booking]:
    """The user's bookings of slots to come (and those of the last week), soonest first."""
    since = utcnow() - timedelta(days=7)
    return list(db.session.scalars(
        select(Booking).join(Booking.slot)
        .where(Booking.booker_id == user.id, LegalSlot.starts_at >= since)
        .options(joinedload(Booking.slot).joinedload(LegalSlot.session),
                 joinedload(Booking.slot).joinedload(LegalSlot.lawyer).joinedload(LawyerProfile.user))
        .order_by(LegalSlot.starts_at, Booking.id)))
