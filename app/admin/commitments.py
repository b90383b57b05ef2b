"""What other people still expect from an account: shown before an administrator deactivates it.

Deactivation is reversible, so it cancels nothing (a deletion does, through each area's departure
hooks): the administrator reads what stays pending — open transfers of a resource person, the
Juri-PTCE consultations to come of a lawyer or of a booker, the meetings the person is expected at —
and decides with the people concerned.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.legal.bookings import OPEN_BOOKINGS
from app.transfers.states import OPEN_STATUSES
from models import (
    Booking, BookingStatus, LawyerProfile, LegalSlot, Meeting, MeetingKind, MeetingParticipant, MeetingStatus, Pairing,
    ResourcePerson, User, utcnow,
)


@dataclass(frozen=True)
class Commitments:
    open_transfers: int
    consultations_to_give: int
    consultations_booked: int
    meetings_to_come: int

    @property
    def any(self) -> bool:
        return any((self.open_transfers, self.consultations_to_give, self.consultations_booked,
                    self.meetings_to_come))


def commitments_of(user: User) -> Commitments:
    now = utcnow()
    transfers = db.session.scalar(select(func.count(Pairing.id)).join(
        ResourcePerson, ResourcePerson.id == Pairing.resource_person_id).where(
        ResourcePerson.user_id == user.id, Pairing.status.in_(OPEN_STATUSES)))
    to_give = db.session.scalar(select(func.count(Booking.id)).join(LegalSlot, LegalSlot.id == Booking.slot_id).join(
        LawyerProfile, LawyerProfile.id == LegalSlot.lawyer_profile_id).where(
        LawyerProfile.user_id == user.id, LegalSlot.starts_at > now, Booking.status == BookingStatus.CONFIRMED))
    booked = db.session.scalar(select(func.count(Booking.id)).join(LegalSlot, LegalSlot.id == Booking.slot_id).where(
        Booking.booker_id == user.id, LegalSlot.starts_at > now, Booking.status.in_(OPEN_BOOKINGS)))
    meetings = db.session.scalar(select(func.count(MeetingParticipant.id)).join(
        Meeting, Meeting.id == MeetingParticipant.session_id).where(
        MeetingParticipant.user_id == user.id, Meeting.starts_at > now, Meeting.status != MeetingStatus.CANCELLED,
        Meeting.kind != MeetingKind.LEGAL_SLOT))  # consultations are counted above
    return Commitments(open_transfers=transfers or 0, consultations_to_give=to_give or 0,
                       consultations_booked=booked or 0, meetings_to_come=meetings or 0)
