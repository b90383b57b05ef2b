"""Juri-PTCE: generating slots, booking, cancelling, rescheduling, the waitlist.

Every change of a slot's bookings runs with the slot locked (``SELECT ... FOR UPDATE`` on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and the database refuses a second confirmed
booking of one slot (partial unique index), so nothing is ever booked twice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

import app.legal.departure  # noqa: F401 - registers the lawyer's departure hook
from app.extensions import db
from app.text_rules import require_text
from app.notifications.outbox import cancel_pending, enqueue_template
from app.privacy.registry import register_account_deletion, register_data_export
from app.scheduling.ics import session_ics
from app.scheduling.rules import SlotRule, planned_slots
from app.suggestions.services import LawyerSuggestion, route_legal_question
from models import (
    Booking, BookingStatus, LawyerProfile, LegalSlot, Need, NeedKind, ParticipantRole, ScheduledSession,
    SessionKind, SessionParticipant, SessionStatus, User, utcnow,
)

HOLDING = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
SLOT_TAKEN_MESSAGE = ("Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez un autre "
                      "créneau, ou inscrivez-vous sur sa liste d'attente.")


class BookingError(Exception):
    """A booking step refused, with a French message for the page."""


class SlotTaken(BookingError):
    """The slot is held by someone else (a lost race ends here)."""

    def __init__(self, slot_id: int) -> None:
        super().__init__(SLOT_TAKEN_MESSAGE)
        self.slot_id = slot_id


def new_idempotency_key() -> str:
    """The hidden field of a booking form: one key per displayed form."""
    return secrets.token_urlsafe(24)


# --- slot generation -------------------------------------------------------------------------

def slot_rule_from_config() -> SlotRule:
    cfg = current_app.config
    return SlotRule.parse(start=cfg["LEGAL_SLOT_START"], end=cfg["LEGAL_SLOT_END"],
                          minutes=cfg["LEGAL_SLOT_MINUTES"], timezone=cfg["LEGAL_SLOT_TIMEZONE"])


def active_lawyers() -> list[LawyerProfile]:
    return [law for law in db.session.scalars(
        select(LawyerProfile).options(joinedload(LawyerProfile.user)).order_by(LawyerProfile.id))
        if law.user.is_active]


def generate_slots(*, today: date | None = None, months: int | None = None,
                   rule: SlotRule | None = None, now: datetime | None = None) -> int:
    """Create the missing slots of every active lawyer (first Tuesdays, ``months`` ahead); returns how many.

    Idempotent: a slot that exists (same lawyer, same start) is skipped, also when another
    process creates it at the same moment (the unique key wins, the savepoint is rolled back).
    """
    now = now or utcnow()
    today = today or now.date()
    months = months if months is not None else current_app.config["LEGAL_SLOT_MONTHS_AHEAD"]
    rule = rule or slot_rule_from_config()
    planned = [(s, e) for s, e in planned_slots(today=today, months=months, rule=rule) if s > now]
    if not planned:
        return 0
    video_url = current_app.config.get("LEGAL_SLOT_VIDEO_URL") or None
    created = 0
    for lawyer in active_lawyers():
        existing = set(db.session.scalars(select(LegalSlot.starts_at).where(
            LegalSlot.lawyer_profile_id == lawyer.id, LegalSlot.starts_at >= planned[0][0])))
        for starts_at, ends_at in planned:
            if starts_at in existing:
                continue
            try:
                with db.session.begin_nested():
                    meeting = ScheduledSession(
                        kind=SessionKind.LEGAL_SLOT, title=f"Créneau Juri-PTCE avec {lawyer.user.display_name}",
                        description="Consultation juridique Juri-PTCE (RTES et Coorace).",
                        starts_at=starts_at, ends_at=ends_at, timezone=rule.timezone, video_url=video_url,
                    )
                    db.session.add(meeting)
                    db.session.add(LegalSlot(lawyer=lawyer, session=meeting, starts_at=starts_at))
                    db.session.flush()
                created += 1
            except IntegrityError:
                continue
    db.session.commit()
    return created


# --- reading ---------------------------------------------------------------------------------

def holder_of(slot: LegalSlot) -> Booking | None:
    return next((b for b in slot.bookings if b.status in HOLDING), None)


def _upcoming_slots(lawyer: LawyerProfile, *, held: bool, limit: int, now: datetime | None) -> list[LegalSlot]:
    """The next scheduled slots of ``lawyer`` that are (``held``) or are not taken."""
    held_ids = select(Booking.slot_id).where(Booking.status.in_(HOLDING))
    return list(db.session.scalars(
        select(LegalSlot).join(LegalSlot.session)
        .where(LegalSlot.lawyer_profile_id == lawyer.id, LegalSlot.starts_at > (now or utcnow()),
               ScheduledSession.status == SessionStatus.SCHEDULED,
               LegalSlot.id.in_(held_ids) if held else LegalSlot.id.not_in(held_ids))
        .options(joinedload(LegalSlot.session))
        .order_by(LegalSlot.starts_at).limit(limit)))


def free_slots(lawyer: LawyerProfile, *, limit: int = 4, now: datetime | None = None) -> list[LegalSlot]:
    """The next free slots of ``lawyer`` (no confirmed or offered booking, session not cancelled)."""
    return _upcoming_slots(lawyer, held=False, limit=limit, now=now)


def full_slots(lawyer: LawyerProfile, *, limit: int = 3, now: datetime | None = None) -> list[LegalSlot]:
    """The next slots of ``lawyer`` already held (one may join their waitlist)."""
    return _upcoming_slots(lawyer, held=True, limit=limit, now=now)


@dataclass
class LawyerChoice:
    lawyer: LawyerProfile
    score: float | None
    slots: list[LegalSlot]
    full: list[LegalSlot] = field(default_factory=list)


@dataclass
class BookingProposal:
    """What the booking page shows: the routed lawyer (with reasons) first, then the others."""

    suggestion: LawyerSuggestion | None
    choices: list[LawyerChoice]


def propose(question: str, *, slots_per_lawyer: int = 4) -> BookingProposal:
    """Route ``question`` and list each lawyer's next free slots, the suggested lawyer first."""
    suggestion = route_legal_question(question)
    if suggestion is not None:
        order = [(law, score) for law, score in suggestion.ranking]
    else:
        order = [(law, None) for law in active_lawyers()]
    choices = [LawyerChoice(lawyer=law, score=score, slots=free_slots(law, limit=slots_per_lawyer),
                            full=full_slots(law) if index == 0 else [])
               for index, (law, score) in enumerate(order)]
    return BookingProposal(suggestion=suggestion, choices=choices)


@dataclass
class NeedLegalSuggestion:
    suggestion: LawyerSuggestion
    slot: LegalSlot | None


def suggestion_for_need(need: Need) -> NeedLegalSuggestion | None:
    """For a need declared as a legal question: the routed lawyer and their next free slot."""
    if need.kind is not NeedKind.LEGAL:
        return None
    suggestion = route_legal_question(f"{need.title}. {need.text}")
    if suggestion is None:
        return None
    slots = free_slots(suggestion.lawyer, limit=1)
    return NeedLegalSuggestion(suggestion=suggestion, slot=slots[0] if slots else None)


def bookings_of(user: User) -> list[Booking]:
    """The user's bookings of slots to come (and those of the last week), soonest first."""
    since = utcnow() - timedelta(days=7)
    return list(db.session.scalars(
        select(Booking).join(Booking.slot)
        .where(Booking.booker_id == user.id, LegalSlot.starts_at >= since)
        .options(joinedload(Booking.slot).joinedload(LegalSlot.session),
                 joinedload(Booking.slot).joinedload(LegalSlot.lawyer).joinedload(LawyerProfile.user))
        .order_by(LegalSlot.starts_at, Booking.id)))


def lawyer_profile_of(user: User) -> LawyerProfile | None:
    return db.session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))


def slots_of_lawyer(lawyer: LawyerProfile, *, now: datetime | None = None) -> list[LegalSlot]:
    """The lawyer's coming slots with their bookings (questions read in advance)."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(LegalSlot).where(LegalSlot.lawyer_profile_id == lawyer.id,
                                LegalSlot.starts_at > now - timedelta(hours=12))
        .options(joinedload(LegalSlot.session),
                 joinedload(LegalSlot.bookings).joinedload(Booking.booker),
                 joinedload(LegalSlot.bookings).joinedload(Booking.pole))
        .order_by(LegalSlot.starts_at)).unique())


def change_deadline(slot: LegalSlot) -> datetime:
    return slot.starts_at - timedelta(hours=current_app.config["BOOKING_CHANGE_DEADLINE_HOURS"])


def can_change(booking: Booking, *, now: datetime | None = None) -> bool:
    """Cancel or reschedule is possible until the configured delay before the slot."""
    if booking.status is BookingStatus.CANCELLED:
        return False
    if booking.status is BookingStatus.WAITLISTED:
        return True
    return (now or utcnow()) < change_deadline(booking.slot)


# --- locking ---------------------------------------------------------------------------------

def _lock_slots(session: Session, slot_ids: list[int]) -> dict[int, LegalSlot]:
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
    slots = {slot.id: slot for slot in session.scalars(query.execution_options(populate_existing=True))}
    return slots


def _by_key(session: Session, key: str) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.idempotency_key == key)
                          .execution_options(populate_existing=True))


def _check_bookable(slot: LegalSlot | None, now: datetime) -> LegalSlot:
    if slot is None or slot.session.status is SessionStatus.CANCELLED:
        raise BookingError("Ce créneau n'existe plus.")
    if slot.starts_at <= now:
        raise BookingError("Ce créneau est déjà passé : choisissez-en un autre.")
    return slot


# --- participants, sequence, notices ---------------------------------------------------------

def _attach(slot: LegalSlot, booking: Booking) -> None:
    """The lawyer (host) and the booker become the session's participants; SEQUENCE moves on."""
    meeting = slot.session
    present = {p.user_id for p in meeting.participants}
    for user_id, role in ((slot.lawyer.user_id, ParticipantRole.HOST),
                          (booking.booker_id, ParticipantRole.PARTICIPANT)):
        if user_id not in present:
            meeting.participants.append(SessionParticipant(user_id=user_id, role=role))
    meeting.ical_sequence += 1
    meeting.updated_at = utcnow()


def _detach(slot: LegalSlot, booking: Booking) -> None:
    """The slot is free again: nobody attends it; pending reminders are cancelled."""
    meeting = slot.session
    meeting.participants.clear()
    meeting.ical_sequence += 1
    meeting.updated_at = utcnow()
    cancel_pending(db.session, key_prefix=f"session:{meeting.id}:reminder:")


def _notify(booking: Booking, event: str, *, to_lawyer: bool = True, cancelled_ics: bool = False,
            extra: str = "") -> None:
    slot = booking.slot
    subjects = {
        "confirmation": "Rendez-vous Juri-PTCE confirmé",
        "cancellation": "Rendez-vous Juri-PTCE annulé",
        "rescheduled": "Rendez-vous Juri-PTCE déplacé",
        "offered": "Un créneau Juri-PTCE s'est libéré pour vous",
    }
    recipients = [booking.booker] + ([slot.lawyer.user] if to_lawyer else [])
    attachment = ("juri-ptce.ics", "text/calendar",
                  session_ics(slot.session, cancelled=cancelled_ics, attendees=[booking.booker, slot.lawyer.user]))
    for user in recipients:
        enqueue_template(
            db.session, key=f"booking:{booking.id}:{event}{extra}:user:{user.id}", to=user,
            subject=subjects[event], template=f"legal/mail/{event}.txt", booking=booking, slot=slot,
            for_lawyer=user.id == slot.lawyer.user_id, attachment=attachment,
        )


def _offer_next(slot: LegalSlot, now: datetime) -> Booking | None:
    """Offer the freed slot to the first person of its waitlist (once: it then holds the slot)."""
    if holder_of(slot) is not None or slot.starts_at <= now:
        return None
    waiting = [b for b in slot.bookings if b.status is BookingStatus.WAITLISTED]
    if not waiting:
        return None
    nxt = min(waiting, key=lambda b: b.id)
    nxt.status, nxt.offered_at = BookingStatus.OFFERED, now
    _notify(nxt, "offered", to_lawyer=False)
    return nxt


# --- state changes ---------------------------------------------------------------------------

@dataclass
class BookingResult:
    booking: Booking
    created: bool


def _commit_or_lost(slot_id: int, key: str, booker: User) -> BookingResult | None:
    """Commit; on a unique violation say whether the same form won (idempotent) or someone else did."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _by_key(db.session, key)
        if existing is not None and existing.booker_id == booker.id:
            return BookingResult(existing, created=False)
        raise SlotTaken(slot_id) from None
    return None


def book_slot(*, slot_id: int, booker: User, question: str, idempotency_key: str,
              now: datetime | None = None) -> BookingResult:
    """Book ``slot_id`` for ``booker``; the same ``idempotency_key`` twice books once.

    Raises ``SlotTaken`` when someone else holds the slot, ``BookingError`` otherwise.
    """
    now = now or utcnow()
    question = require_text(question, field_label="Votre question juridique", multiline=True, error=BookingError)
    existing = _by_key(db.session, idempotency_key)
    if existing is not None:
        return _same_form(existing, booker)
    slot = _check_bookable(_lock_slots(db.session, [slot_id]).get(slot_id), now)
    existing = _by_key(db.session, idempotency_key)
    if existing is not None:
        db.session.rollback()
        return _same_form(existing, booker)
    if holder_of(slot) is not None:
        db.session.rollback()
        raise SlotTaken(slot_id)
    booking = Booking(slot=slot, booker=booker, pole_id=booker.pole_id, question=question.strip(),
                      status=BookingStatus.CONFIRMED, idempotency_key=idempotency_key, confirmed_at=now)
    db.session.add(booking)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = _by_key(db.session, idempotency_key)
        if existing is not None:
            return _same_form(existing, booker)
        raise SlotTaken(slot_id) from None
    _attach(slot, booking)
    _notify(booking, "confirmation")
    lost = _commit_or_lost(slot_id, idempotency_key, booker)
    return lost or BookingResult(booking, created=True)


def _same_form(existing: Booking, booker: User) -> BookingResult:
    if existing.booker_id != booker.id:
        raise BookingError("Ce formulaire a déjà servi : rechargez la page.")
    return BookingResult(existing, created=False)


def join_waitlist(*, slot_id: int, booker: User, question: str, idempotency_key: str,
                  now: datetime | None = None) -> BookingResult:
    """Put ``booker`` on the waitlist of a held slot (once per person and slot)."""
    now = now or utcnow()
    question = require_text(question, field_label="Votre question juridique", multiline=True, error=BookingError)
    existing = _by_key(db.session, idempotency_key)
    if existing is not None:
        return _same_form(existing, booker)
    slot = _check_bookable(_lock_slots(db.session, [slot_id]).get(slot_id), now)
    mine = next((b for b in slot.bookings if b.booker_id == booker.id
                 and b.status is not BookingStatus.CANCELLED), None)
    if mine is not None:
        db.session.rollback()
        return BookingResult(mine, created=False)
    if holder_of(slot) is None:
        db.session.rollback()
        raise BookingError("Ce créneau est libre : vous pouvez le réserver directement.")
    booking = Booking(slot=slot, booker=booker, pole_id=booker.pole_id, question=question.strip(),
                      status=BookingStatus.WAITLISTED, idempotency_key=idempotency_key)
    db.session.add(booking)
    lost = _commit_or_lost(slot_id, idempotency_key, booker)
    return lost or BookingResult(booking, created=True)


def _load_own(booking_id: int, user: User) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.booker_id != user.id:
        raise LookupError(booking_id)
    return booking


def cancel_booking(*, booking_id: int, by: User, now: datetime | None = None) -> Booking:
    """Cancel (or decline an offer, or leave a waitlist) until the deadline; the waitlist is offered the slot.

    Idempotent: cancelling a cancelled booking changes nothing. Raises ``LookupError`` when the
    booking is not ``by``'s, ``BookingError`` past the deadline.
    """
    now = now or utcnow()
    slot_id = _load_own(booking_id, by).slot_id
    slot = _lock_slots(db.session, [slot_id])[slot_id]
    booking = next(b for b in slot.bookings if b.id == booking_id)
    if booking.status is BookingStatus.CANCELLED:
        db.session.rollback()
        return booking
    if not can_change(booking, now=now):
        db.session.rollback()
        raise BookingError("Le délai d'annulation est dépassé : contactez directement l'avocat·e.")
    was_holding = booking.status in HOLDING
    was_confirmed = booking.status is BookingStatus.CONFIRMED
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
    cancel_pending(db.session, key_prefix=f"booking:{booking.id}:")
    if was_confirmed:
        _detach(slot, booking)
        _notify(booking, "cancellation", cancelled_ics=True)
    db.session.flush()
    if was_holding:
        _offer_next(slot, now)
    db.session.commit()
    return booking


def accept_offer(*, booking_id: int, by: User, now: datetime | None = None) -> Booking:
    """Confirm a freed slot offered from the waitlist."""
    now = now or utcnow()
    slot_id = _load_own(booking_id, by).slot_id
    slot = _lock_slots(db.session, [slot_id])[slot_id]
    booking = next(b for b in slot.bookings if b.id == booking_id)
    if booking.status is BookingStatus.CONFIRMED:
        db.session.rollback()
        return booking
    if booking.status is not BookingStatus.OFFERED or slot.starts_at <= now:
        db.session.rollback()
        raise BookingError("Cette proposition n'est plus valable.")
    booking.status, booking.confirmed_at = BookingStatus.CONFIRMED, now
    db.session.flush()
    _attach(slot, booking)
    _notify(booking, "confirmation")
    db.session.commit()
    return booking


def reschedule_booking(*, booking_id: int, new_slot_id: int, by: User,
                       now: datetime | None = None) -> Booking:
    """Move a confirmed booking to another free slot (same question); the old slot goes to its waitlist."""
    now = now or utcnow()
    old_slot_id = _load_own(booking_id, by).slot_id
    if new_slot_id == old_slot_id:
        raise BookingError("Choisissez un autre créneau que le vôtre.")
    slots = _lock_slots(db.session, [old_slot_id, new_slot_id])
    old_slot = slots[old_slot_id]
    booking = next(b for b in old_slot.bookings if b.id == booking_id)
    if booking.status is not BookingStatus.CONFIRMED:
        db.session.rollback()
        raise BookingError("Seul un rendez-vous confirmé peut être déplacé.")
    if not can_change(booking, now=now):
        db.session.rollback()
        raise BookingError("Le délai pour déplacer ce rendez-vous est dépassé.")
    new_slot = _check_bookable(slots.get(new_slot_id), now)
    if holder_of(new_slot) is not None:
        db.session.rollback()
        raise SlotTaken(new_slot_id)
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
    cancel_pending(db.session, key_prefix=f"booking:{booking.id}:")
    _detach(old_slot, booking)
    db.session.flush()
    moved = Booking(slot=new_slot, booker=by, pole_id=booking.pole_id, question=booking.question,
                    status=BookingStatus.CONFIRMED, idempotency_key=new_idempotency_key(), confirmed_at=now)
    db.session.add(moved)
    db.session.flush()
    _attach(new_slot, moved)
    _notify(moved, "rescheduled")
    if old_slot.lawyer_profile_id != new_slot.lawyer_profile_id:
        enqueue_template(db.session, key=f"booking:{booking.id}:cancellation:user:{old_slot.lawyer.user_id}",
                         to=old_slot.lawyer.user, subject="Rendez-vous Juri-PTCE annulé",
                         template="legal/mail/cancellation.txt", booking=booking, slot=old_slot,
                         for_lawyer=True, attachment=("juri-ptce.ics", "text/calendar",
                                                      session_ics(old_slot.session, cancelled=True,
                                                                  attendees=[old_slot.lawyer.user])))
    _offer_next(old_slot, now)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise SlotTaken(new_slot_id) from None
    return moved


def expire_offers(*, now: datetime | None = None) -> int:
    """Offers left unanswered for ``BOOKING_OFFER_HOURS`` go to the next person of the waitlist."""
    now = now or utcnow()
    limit = now - timedelta(hours=current_app.config["BOOKING_OFFER_HOURS"])
    stale = list(db.session.scalars(
        select(Booking.id).join(Booking.slot)
        .where(Booking.status == BookingStatus.OFFERED,
               (Booking.offered_at <= limit) | (LegalSlot.starts_at <= now))))
    expired = 0
    for booking_id in stale:
        slot_id = db.session.get(Booking, booking_id).slot_id
        slot = _lock_slots(db.session, [slot_id])[slot_id]
        booking = next(b for b in slot.bookings if b.id == booking_id)
        if booking.status is BookingStatus.OFFERED:
            booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
            cancel_pending(db.session, key_prefix=f"booking:{booking.id}:")
            db.session.flush()
            _offer_next(slot, now)
            expired += 1
        db.session.commit()
    return expired


# --- personal data ---------------------------------------------------------------------------

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
            _detach(booking.slot, booking)
            _notify(booking, "cancellation", cancelled_ics=True)
        session.flush()
        _offer_next(booking.slot, now)


def export_bookings(session: Session, user: User) -> list[dict[str, object]]:
    """Data export hook: the Juri-PTCE bookings a user made, with their questions."""
    return [{
        "id": b.id, "debut_utc": b.slot.starts_at, "avocat": b.slot.lawyer.user.display_name,
        "question": b.question, "statut": b.status.label,
    } for b in session.scalars(select(Booking).where(Booking.booker_id == user.id).order_by(Booking.id))]


register_account_deletion("rendez_vous_juri_ptce", release_on_departure, order=18)
register_data_export("rendez_vous_juri_ptce", export_bookings, order=75)
