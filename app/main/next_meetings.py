"""What « Mon espace » lists of a person's next meetings: collective sessions, learning-visit days and Juri-PTCE
consultations, each with the page it belongs to. Transfer days have their own list (``app.transfers.following``),
a lawyer's consultations theirs (``services.next_consultations``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select

from app.extensions import db
from app.typography import in_sentence
from models import (
    LearningVisit, LegalSlot, Meeting, MeetingKind, MeetingParticipant, MeetingStatus, Role, User, utcnow,
)

#: How many « Mon espace » lists (the calendar subscription carries them all).
NEXT_MEETINGS = 5
KINDS = (MeetingKind.COLLECTIVE, MeetingKind.VISIT_DAY, MeetingKind.LEGAL_SLOT)


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    title: str
    #: What kind of meeting, said in the sentence (empty when the title says it).
    what: str
    endpoint: str
    args: dict[str, Any] = field(default_factory=dict)


def next_meetings(user: User) -> list[NextMeeting]:
    """The meetings ``user`` takes part in that are still to come, soonest first (``NEXT_MEETINGS`` at most)."""
    if user.role is Role.LAWYER:
        return []
    meetings = list(db.session.scalars(
        select(Meeting).join(MeetingParticipant, MeetingParticipant.session_id == Meeting.id)
        .where(MeetingParticipant.user_id == user.id, Meeting.kind.in_(KINDS),
               Meeting.status == MeetingStatus.SCHEDULED, Meeting.ends_at > utcnow())
        .order_by(Meeting.starts_at, Meeting.id).limit(NEXT_MEETINGS)))
    ids = [m.id for m in meetings]
    visits = {day_id: (visit, n) for visit in db.session.scalars(select(LearningVisit).where(or_(
        LearningVisit.day_one_session_id.in_(ids), LearningVisit.day_two_session_id.in_(ids))))
        for n, day_id in enumerate((visit.day_one_session_id, visit.day_two_session_id), start=1)}
    slots = {slot.session_id: slot for slot in db.session.scalars(
        select(LegalSlot).where(LegalSlot.session_id.in_(ids)))}
    return [item for m in meetings if (item := _item(m, visits, slots)) is not None]


def _item(meeting: Meeting, visits: dict[int, tuple[LearningVisit, int]],
          slots: dict[int, LegalSlot]) -> NextMeeting | None:
    if meeting.kind is MeetingKind.COLLECTIVE and meeting.collective_session is not None:
        session = meeting.collective_session
        return NextMeeting(meeting, session.title, in_sentence(session.kind.label), "agenda.show",
                           {"collective_session_id": session.id})
    if meeting.kind is MeetingKind.VISIT_DAY and meeting.id in visits:
        visit, n = visits[meeting.id]
        return NextMeeting(meeting, visit.title, f"visite apprenante, jour {n}", "visits.show", {"visit_id": visit.id})
    if meeting.kind is MeetingKind.LEGAL_SLOT and meeting.id in slots:
        return NextMeeting(meeting, f"Rendez-vous Juri-PTCE avec {slots[meeting.id].lawyer_name}", "",
                           "legal.my_bookings")
    return None
