"""Juri-PTCE slots: generating them, and reading which are free, held, or still changeable."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.templating import local_day
from app.extensions import db
from app.legal.slot_rules import SlotRule, planned_slots
from app.scheduling.meetings import MeetingPlace, create_meeting, place_from_text
from app.locks import lock_row
from app.transactions import savepoint, unit_of_work
from models import (
    Booking, BookingStatus, LawyerProfile, LegalSlot, Meeting, MeetingKind, MeetingStatus, User, utcnow,
)

#: A booking in these states holds its slot (nobody else may book it).
HOLDING = (BookingStatus.CONFIRMED, BookingStatus.OFFERED)
#: A booking still holding or awaiting a seat (one per person and question; what a departure or a closing cancels).
OPEN_BOOKINGS = (BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITLISTED)


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
    One unit of work per lawyer, her account locked and read again first (the lock a deactivation takes before it
    withdraws her slots to come): a deactivation at the same instant waits for her new slots and withdraws them, or
    comes first and she gets none — read unlocked, the job opened slots of a lawyer just deactivated.
    """
    now = now or utcnow()
    months = months if months is not None else current_app.config["LEGAL_SLOT_MONTHS_AHEAD"]
    rule = rule or slot_rule_from_config()
    # The slots' calendar (Paris): at 23 h 30 UTC on 31 December, January is this month there, not December.
    today = today or local_day(now, rule.timezone)
    planned = [(s, e) for s, e in planned_slots(today=today, months=months, rule=rule) if s > now]
    if not planned:
        return 0
    created = 0
    for lawyer in active_lawyers():
        with unit_of_work():
            account = lock_row(db.session, User, lawyer.user_id, others_may_refer=True)
            if account is not None and account.is_active:
                created += _open_slots(lawyer, planned, rule)
    return created


def _open_slots(lawyer: LawyerProfile, planned: list[tuple[datetime, datetime]], rule: SlotRule) -> int:
    """Create ``lawyer``'s ``planned`` slots not yet made; how many."""
    place = place_of(lawyer)
    existing = set(db.session.scalars(select(LegalSlot.starts_at).where(
        LegalSlot.lawyer_profile_id == lawyer.id, LegalSlot.starts_at >= planned[0][0])))
    created = 0
    for starts_at, ends_at in planned:
        if starts_at in existing:
            continue
        try:
            with savepoint():
                meeting = create_meeting(
                    kind=MeetingKind.LEGAL_SLOT, title=f"Créneau Juri-PTCE avec {lawyer.user.display_name}",
                    description="Consultation juridique Juri-PTCE (RTES et Coorace).",
                    starts_at=starts_at, ends_at=ends_at, timezone=rule.timezone,
                    location=place.location, video_url=place.video_url,
                )
                db.session.add(LegalSlot(lawyer=lawyer, session=meeting, starts_at=starts_at))
                db.session.flush()
            created += 1
        except IntegrityError:
            continue
    return created


def place_of(lawyer: LawyerProfile) -> MeetingPlace:
    """How ``lawyer``'s appointments take place: what they wrote on their profile, else the site's
    default video link (``LEGAL_SLOT_VIDEO_URL``), else not said yet."""
    return place_from_text(lawyer.meeting_details,
                           default_video_url=current_app.config.get("LEGAL_SLOT_VIDEO_URL") or None)


def holder_of(slot: LegalSlot) -> Booking | None:
    return next((b for b in slot.bookings if b.status in HOLDING), None)


def last_freed_by(slot: LegalSlot) -> Booking | None:
    """The last appointment of ``slot`` that was cancelled or moved: confirmed once, then ended. A waitlist
    offer that expired or was declined ends too, but it was never an appointment."""
    return max((b for b in slot.bookings if b.cancelled_at and b.confirmed_at),
               key=lambda b: b.cancelled_at, default=None)


def _upcoming_slots(lawyer: LawyerProfile, *, held: bool, limit: int, now: datetime | None,
                    excluding_booker: User | None = None) -> list[LegalSlot]:
    """The next scheduled slots of ``lawyer`` that are (``held``) or are not taken.

    ``excluding_booker``: leave out the slots this person holds or waits for.
    """
    held_ids = select(Booking.slot_id).where(Booking.status.in_(HOLDING))
    query = (select(LegalSlot).join(LegalSlot.session)
             .where(LegalSlot.lawyer_profile_id == lawyer.id, LegalSlot.starts_at > (now or utcnow()),
                    Meeting.status == MeetingStatus.SCHEDULED,
                    LegalSlot.id.in_(held_ids) if held else LegalSlot.id.not_in(held_ids)))
    if excluding_booker is not None:
        query = query.where(LegalSlot.id.not_in(select(Booking.slot_id).where(
            Booking.booker_id == excluding_booker.id, Booking.status != BookingStatus.CANCELLED)))
    return list(db.session.scalars(query.options(joinedload(LegalSlot.session))
                                   .order_by(LegalSlot.starts_at).limit(limit)))


def free_slots(lawyer: LawyerProfile, *, limit: int = 4, now: datetime | None = None) -> list[LegalSlot]:
    """The next free slots of ``lawyer`` (no confirmed or offered booking, session not cancelled)."""
    return _upcoming_slots(lawyer, held=False, limit=limit, now=now)


#: How far the pages that offer slots look: the lawyer's next afternoons that still have a free slot.
OFFERED_AFTERNOONS = 2
#: Enough rows for those afternoons (four slots each with the default settings).
_OFFERED_ROWS = 40


def offered_slots(lawyer: LawyerProfile, *, now: datetime | None = None) -> list[LegalSlot]:
    """Every free slot of ``lawyer``'s next ``OFFERED_AFTERNOONS`` afternoons that have one.

    The one horizon of the pages that offer slots (booking, « Déplacer », a slot just taken), so
    that moving a booking never offers a month the booking page did not show.
    """
    offered: list[LegalSlot] = []
    days: set[date] = set()
    for slot in _upcoming_slots(lawyer, held=False, limit=_OFFERED_ROWS, now=now):
        day = local_day(slot.starts_at, slot.session.timezone)
        if day not in days and len(days) == OFFERED_AFTERNOONS:
            break
        days.add(day)
        offered.append(slot)
    return offered


def reschedule_choices(booking: Booking, *, now: datetime | None = None) -> list[tuple[LawyerProfile, list[LegalSlot]]]:
    """Each active lawyer with the slots « Déplacer » offers, the booking's own lawyer first: she has read the
    question and was chosen for it (listed last, after the others, in the walk of 6 December 2026)."""
    current = booking.slot.lawyer_profile_id
    lawyers = sorted(active_lawyers(), key=lambda law: law.id != current)
    return [(law, offered_slots(law, now=now)) for law in lawyers]


def full_slots(lawyer: LawyerProfile, *, limit: int = 3, now: datetime | None = None,
               for_booker: User | None = None) -> list[LegalSlot]:
    """The next slots of ``lawyer`` already held, whose waitlist one may join.

    With ``for_booker``: never the slots that person holds or already waits for.
    """
    return _upcoming_slots(lawyer, held=True, limit=limit, now=now, excluding_booker=for_booker)


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
