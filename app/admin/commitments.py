"""What other people still expect from an account: shown before an administrator deactivates it.

Deactivation is reversible, so it cancels nothing but the places the account holds with a waitlist behind them,
released to the people waiting: its places to come at collective sessions (``places``) and its Juri-PTCE
bookings (``consultations_booked``); and a lawyer's slots to come, withdrawn (``slots_to_withdraw``: nobody can
book a lawyer who cannot log in, and the poles booked are told). A deletion cancels the rest, through each area's
departure hooks. The administrator reads what stays pending — open transfers of a resource person, the meetings
the person is expected at —
and decides with the people concerned. Each is named (which need and pole, which day, with whom) and
leads to its page: a count alone (« 2 rencontres à venir ») does not say whom to warn, nor whether it
matters this week. An administrator sees every region (``app.access.policy.is_national``), so nothing
here is scoped further.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.agenda.releases import places_to_come
from app.extensions import db
from app.legal.releases import bookings_to_come, open_slots_to_come
from app.legal.slots import lawyer_profile_of
from app.transfers.states import OPEN_STATUSES
from models import (
    Booking, BookingStatus, LawyerProfile, LearningVisit, LegalSlot, Meeting, MeetingKind, MeetingParticipant,
    MeetingStatus, Need, Pairing, PairingDay, ResourcePerson, User, utcnow,
)


@dataclass(frozen=True)
class Commitment:
    """One thing still expected of the account: what it is, when (if it is a date), and the page it is on."""

    title: str
    #: Who or what else it involves, said after the title (« Le Damier », « avec Sarah Giraud »).
    detail: str = ""
    starts_at: datetime | None = None
    #: The page an administrator opens to read it (None when it has none to show).
    endpoint: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    #: A transfer's status, for ``templates/transfers/_status.html``.
    pairing: Pairing | None = None


@dataclass(frozen=True)
class Commitments:
    open_transfers: list[Commitment]
    #: A lawyer's booked consultations to come: the deactivation cancels them with their slots, each pole told.
    consultations_to_give: list[Commitment]
    #: Juri-PTCE bookings to come (held or waiting): the deactivation releases them (``legal.releases``).
    consultations_booked: list[Commitment]
    meetings_to_come: list[Commitment]
    #: Places at collective sessions to come (registered or waiting): the deactivation releases them.
    places: list[Commitment] = field(default_factory=list)
    #: A lawyer's slots still offered to come: the deactivation withdraws them (``legal.releases.withdraw_slots``).
    slots_to_withdraw: int = 0
    #: A lawyer's slots to come that are closed (after a deactivation: a reactivation does not reopen them).
    slots_closed: int = 0
    #: The lawyer profile's id, for the link to the slots page (None: not a lawyer).
    lawyer_id: int | None = None

    @property
    def any(self) -> bool:
        """Something stays pending after a deactivation (what it releases or withdraws is said apart)."""
        return any((self.open_transfers, self.meetings_to_come))


def commitments_of(user: User) -> Commitments:
    now, lawyer = utcnow(), lawyer_profile_of(user)
    return Commitments(open_transfers=open_transfers(user), consultations_to_give=_to_give(user, now),
                       consultations_booked=_booked(user, now), meetings_to_come=_meetings(user, now),
                       places=_places(user), slots_to_withdraw=len(open_slots_to_come(user, now)) if lawyer else 0,
                       slots_closed=_closed_slots(lawyer, now) if lawyer else 0,
                       lawyer_id=lawyer.id if lawyer else None)


def _closed_slots(lawyer: LawyerProfile, now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(LegalSlot).join(LegalSlot.session).where(
        LegalSlot.lawyer_profile_id == lawyer.id, LegalSlot.starts_at > now,
        Meeting.status == MeetingStatus.CANCELLED)) or 0


def _places(user: User) -> list[Commitment]:
    return [Commitment(r.collective_session.title, r.status.label.lower(), r.collective_session.starts_at,
                       "agenda.show", {"collective_session_id": r.collective_session_id})
            for r in places_to_come(user)]


def open_transfers(user: User) -> list[Commitment]:
    """The transfers still open with ``user`` as the resource person: what her account's deletion cancels (each
    pole told), read before she confirms it and by an administrator before a deactivation."""
    pairings = db.session.scalars(select(Pairing).join(
        ResourcePerson, ResourcePerson.id == Pairing.resource_person_id).where(
        ResourcePerson.user_id == user.id, Pairing.status.in_(OPEN_STATUSES)).order_by(Pairing.id)
        .options(joinedload(Pairing.need).joinedload(Need.pole)))  # each named by its need and pole: one read
    return [Commitment(p.need.title, p.need.pole.name, endpoint="transfers.show", args={"pairing_id": p.id},
                       pairing=p) for p in pairings]


def _to_give(user: User, now: datetime) -> list[Commitment]:
    bookings = db.session.scalars(select(Booking).join(LegalSlot, LegalSlot.id == Booking.slot_id).join(
        LawyerProfile, LawyerProfile.id == LegalSlot.lawyer_profile_id).where(
        LawyerProfile.user_id == user.id, LegalSlot.starts_at > now, Booking.status == BookingStatus.CONFIRMED)
        .order_by(LegalSlot.starts_at))
    return [Commitment("Consultation Juri-PTCE", _booked_by(b), b.slot.starts_at, "legal.lawyer_slots",
                       {"lawyer_id": b.slot.lawyer_profile_id}) for b in bookings]


def _booked(user: User, now: datetime) -> list[Commitment]:
    return [Commitment("Rendez-vous Juri-PTCE", f"avec {b.slot.lawyer_name}, {b.state_label.lower()}",
                       b.slot.starts_at, "legal.lawyer_slots" if b.slot.lawyer_profile_id else None,
                       {"lawyer_id": b.slot.lawyer_profile_id}) for b in bookings_to_come(user, now)]


def _booked_by(booking: Booking) -> str:
    return f"avec {booking.booker_name}" + (f", {booking.pole.name}" if booking.pole else "")


def _meetings(user: User, now: datetime) -> list[Commitment]:
    """Transfer days and learning-visit days (consultations are listed above, places at sessions below: they are
    released)."""
    meetings = list(db.session.scalars(select(Meeting).join(
        MeetingParticipant, MeetingParticipant.session_id == Meeting.id).where(
        MeetingParticipant.user_id == user.id, Meeting.starts_at > now, Meeting.status != MeetingStatus.CANCELLED,
        Meeting.kind.not_in([MeetingKind.LEGAL_SLOT, MeetingKind.COLLECTIVE])).order_by(Meeting.starts_at, Meeting.id)))
    ids = [m.id for m in meetings]
    days = {d.session_id: d for d in db.session.scalars(select(PairingDay).where(PairingDay.session_id.in_(ids)))}
    visits = {day_id: visit for visit in db.session.scalars(select(LearningVisit).where(or_(
        LearningVisit.day_one_session_id.in_(ids), LearningVisit.day_two_session_id.in_(ids))))
        for day_id in (visit.day_one_session_id, visit.day_two_session_id)}
    return [_meeting(m, days, visits) for m in meetings]


def _meeting(meeting: Meeting, days: dict[int, PairingDay], visits: dict[int, LearningVisit]) -> Commitment:
    if meeting.id in days:
        pairing = days[meeting.id].pairing
        return Commitment(f"Journée de transfert : {pairing.need.title}", pairing.need.pole.name, meeting.starts_at,
                          "transfers.show", {"pairing_id": pairing.id})
    if meeting.id in visits:
        visit = visits[meeting.id]
        return Commitment(f"Visite apprenante : {visit.title}", "", meeting.starts_at, "visits.show",
                          {"visit_id": visit.id})
    return Commitment(meeting.title, "", meeting.starts_at)
