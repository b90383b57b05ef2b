"""A lawyer who cannot be there closes slots: one, or a whole afternoon; those who run Juri-PTCE may do it for her.

Closing cancels the slot's meeting the one way a slot is cancelled (``slot_changes.cancel_slot``, as a
lawyer's departure does): the booking that held it is cancelled, its booker told by mail (outbox) with the
reason and a link to book another slot with the same question; a place on its waitlist ends with the
meeting, and its holder is told too (no seat is left: the waitlist rule is not asked). A reason is required
when someone booked the slot: the pole reads it. The slot stays, closed (history, « Mes rendez-vous »): it
can be reopened while it is still to come (``reopen_slot``), free for anyone to book.

Who may: ``app.access.policy.may_manage_lawyer_slots``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.access import policy
from app.extensions import db
from app.legal.bookings import REASON_MAX_CHARS
from app.legal.errors import BookingError
from app.legal.slot_changes import cancel_slot, lock_slots, ring
from app.legal.slots import holder_of
from app.notifications.outbox import enqueue_template
from app.refused import Problem
from app.scheduling.ics import meeting_ics
from app.scheduling.meetings import reopen_meeting
from app.templating import french_day, local_day as day_where_read
from app.text_rules import bounded_text
from app.transactions import transactional
from app.typography import elide
from models import Booking, BookingStatus, LawyerProfile, LegalSlot, Meeting, MeetingStatus, User, utcnow

REASON_REQUIRED = "Écrivez le motif de l'annulation, que le pôle qui a réservé lira dans l'e-mail qui la lui annonce."
NOT_YOURS = "Vous ne pouvez pas modifier les créneaux de cet·te avocat·e."


@dataclass(frozen=True)
class ClosingReport:
    """What a closing did: slots closed, appointments cancelled, waitlist places ended."""

    closed: int
    appointments: int
    waitlisted: int


def local_day(slot: LegalSlot) -> date:
    """The slot's afternoon: its date where it was planned."""
    return day_where_read(slot.starts_at, slot.session.timezone)


@dataclass(frozen=True)
class Afternoon:
    """One afternoon of a lawyer's slots, as the page that manages them shows it."""

    day: date
    slots: list[LegalSlot]

    @property
    def label(self) -> str:
        """« mardi 3 mars 2026 »."""
        return french_day(self.day, with_weekday=True)

    def open_to_come(self, now: datetime) -> list[LegalSlot]:
        """The slots a closing of the whole afternoon would close."""
        return [slot for slot in self.slots if slot.starts_at > now and not is_closed(slot)]

    def closed_to_come(self, now: datetime) -> list[LegalSlot]:
        """The slots a reopening of the whole afternoon would open again."""
        return [slot for slot in self.slots if slot.starts_at > now and is_closed(slot)]


def afternoons(slots: list[LegalSlot]) -> list[Afternoon]:
    """``slots`` (in time order) grouped by afternoon."""
    days: dict[date, list[LegalSlot]] = {}
    for slot in slots:
        days.setdefault(local_day(slot), []).append(slot)
    return [Afternoon(day, day_slots) for day, day_slots in days.items()]


def last_closed(slot: LegalSlot) -> Booking | None:
    """The last booking cancelled when ``slot`` was closed (an appointment before a waitlist place)."""
    closed = [b for b in slot.bookings if b.slot_closed]
    return max(closed, key=lambda b: (b.confirmed_at is not None, b.id), default=None)


def is_closed(slot: LegalSlot) -> bool:
    return slot.session.status is MeetingStatus.CANCELLED


def _check_may(by: User, slots: list[LegalSlot]) -> None:
    for slot in slots:
        if slot.lawyer is None or not policy.may_manage_lawyer_slots(by, slot.lawyer.user_id):
            raise BookingError(NOT_YOURS)


def _was_appointment(booking: Booking, was_holding: bool) -> bool:
    """A confirmed appointment (an offer from the waitlist holds the slot, but was never confirmed)."""
    return was_holding and booking.confirmed_at is not None


def _tell(booking: Booking, was_holding: bool, *, slot: LegalSlot, reason: str, by: User) -> None:
    """The booker is told why, with a link to ask again; the lawyer too when someone else closed her slot."""
    booking.slot_closed, booking.closing_reason = True, reason or None
    attachment = (("juri-ptce.ics", "text/calendar", meeting_ics(slot.session, cancelled=True))
                  if was_holding else None)
    if booking.booker is not None:
        subject = f"Rendez-vous Juri-PTCE avec {slot.lawyer_name} annulé"
        if enqueue_template(db.session, key=f"booking:{booking.id}:slot-closed:user:{booking.booker_id}",
                            to=booking.booker, subject=subject,
                            template="legal/mail/slot_closed.txt", booking=booking, slot=slot,
                            was_holding=was_holding, reason=reason, attachment=attachment) is not None:
            ring(booking.booker, subject, lawyer=False, slot=slot)
    lawyer = slot.lawyer.user
    if _was_appointment(booking, was_holding) and by.id != lawyer.id:
        subject = "Rendez-vous Juri-PTCE annulé par l'équipe Juri-PTCE"
        if enqueue_template(db.session, key=f"booking:{booking.id}:slot-closed:user:{lawyer.id}", to=lawyer,
                            subject=subject,
                            template="legal/mail/slot_closed_lawyer.txt", booking=booking, slot=slot, reason=reason,
                            closed_by=by, attachment=("juri-ptce.ics", "text/calendar",
                                                      meeting_ics(slot.session, cancelled=True, attendees=[lawyer]))
                            ) is not None:
            ring(lawyer, subject, lawyer=True, slot=slot)


def inactive_lawyer(lawyer: LawyerProfile) -> str:
    """Why a deactivated lawyer's slot stays closed (her slots to come were withdrawn: no pole could reach her)."""
    return (f"Le compte {elide('de', lawyer.user.display_name)} est désactivé : ses créneaux restent fermés "
            "jusqu'à sa réactivation.")


def booked_holders(slots: list[LegalSlot]) -> list[Booking]:
    """The confirmed bookings that hold ``slots``: the poles a closing cancels an appointment for."""
    return [h for slot in slots if (h := holder_of(slot)) is not None and h.status is BookingStatus.CONFIRMED]


def reason_required(slots: list[LegalSlot]) -> bool:
    """Closing ``slots`` asks a reason when a pole booked one of them: it reads it in the mail that tells it."""
    return bool(booked_holders(slots))


@transactional
def close_slots(*, slot_ids: list[int], by: User, reason: str = "", now: datetime | None = None) -> ClosingReport:
    """Close the slots ``slot_ids`` (already closed ones are left as they are: a double click closes once).

    Raises ``LookupError`` for a slot that does not exist, ``BookingError`` when ``by`` may not, for a slot
    already begun, and when a booked slot has no reason (a ``Problem`` on the field ``reason``).
    """
    now = now or utcnow()
    reason = bounded_text(reason, field_label="Motif", most=REASON_MAX_CHARS, error=BookingError).strip()
    locked = lock_slots(db.session, slot_ids)
    if len(locked) != len(set(slot_ids)):
        raise LookupError(slot_ids)
    slots = sorted(locked.values(), key=lambda s: s.starts_at)
    _check_may(by, slots)
    to_close = [slot for slot in slots if not is_closed(slot)]
    if any(slot.starts_at <= now for slot in to_close):
        raise BookingError("Un créneau déjà commencé ou passé ne peut plus être fermé.")
    if reason_required(to_close) and not reason:
        raise BookingError.of([Problem(REASON_REQUIRED, "reason")])
    told: list[tuple[Booking, bool]] = []

    def tell(booking: Booking, was_holding: bool, slot: LegalSlot) -> None:
        _tell(booking, was_holding, slot=slot, reason=reason, by=by)
        told.append((booking, _was_appointment(booking, was_holding)))

    for slot in to_close:
        cancel_slot(db.session, slot, now, lambda booking, holding, slot=slot: tell(booking, holding, slot))
    appointments = sum(1 for _, appointment in told if appointment)
    return ClosingReport(closed=len(to_close), appointments=appointments, waitlisted=len(told) - appointments)


def afternoon_slot_ids(lawyer: LawyerProfile, day: date, *, now: datetime | None = None,
                       status: MeetingStatus = MeetingStatus.SCHEDULED) -> list[int]:
    """The lawyer's slots of that afternoon still to come and open (``status``: or closed, to reopen them)."""
    now = now or utcnow()
    slots = db.session.scalars(
        select(LegalSlot).join(LegalSlot.session)
        .where(LegalSlot.lawyer_profile_id == lawyer.id, LegalSlot.starts_at > now, Meeting.status == status)
        .options(joinedload(LegalSlot.session)).order_by(LegalSlot.starts_at))
    return [slot.id for slot in slots if local_day(slot) == day]


def close_afternoon(*, lawyer: LawyerProfile, day: date, by: User, reason: str = "",
                    now: datetime | None = None) -> ClosingReport:
    """Close every slot of ``lawyer``'s afternoon ``day`` still to come (see ``close_slots``)."""
    ids = afternoon_slot_ids(lawyer, day, now=now)
    if not ids:
        raise BookingError("Cet après-midi n'a plus de créneau ouvert à venir.")
    return close_slots(slot_ids=ids, by=by, reason=reason, now=now)


@transactional
def reopen_afternoon(*, lawyer: LawyerProfile, day: date, by: User, now: datetime | None = None) -> int:
    """Open again every closed slot of ``lawyer``'s afternoon ``day`` still to come (an afternoon closed by
    mistake is not reopened one slot at a time); how many. Each goes through ``reopen_slot``'s rule."""
    now = now or utcnow()
    ids = afternoon_slot_ids(lawyer, day, now=now, status=MeetingStatus.CANCELLED)
    if not ids:
        raise BookingError("Cet après-midi n'a aucun créneau fermé à venir.")
    for slot_id in ids:
        reopen_slot(slot_id=slot_id, by=by, now=now)
    return len(ids)


@transactional
def reopen_slot(*, slot_id: int, by: User, now: datetime | None = None) -> LegalSlot:
    """Open a closed slot again, free (its former bookings stay cancelled: their bookers were told), while it is
    still to come. Reopening an open slot changes nothing."""
    now = now or utcnow()
    slot = lock_slots(db.session, [slot_id]).get(slot_id)
    if slot is None:
        raise LookupError(slot_id)
    _check_may(by, [slot])
    if not is_closed(slot):
        return slot
    if not slot.lawyer.user.is_active:  # withdrawn at the deactivation (``releases.withdraw_slots``)
        raise BookingError(inactive_lawyer(slot.lawyer))
    if slot.starts_at <= now:
        raise BookingError("Ce créneau est passé : il ne peut plus être rouvert.")
    reopen_meeting(meeting=slot.session)
    return slot
