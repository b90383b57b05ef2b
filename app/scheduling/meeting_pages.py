"""The page of the site a meeting leads to from a calendar or a reminder (walk 6: a webinar's event said neither
where nor how to join, its connection link being given on the session's page only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.links import absolute_url
from models import LearningVisit, Meeting, PairingDay, utcnow


def session_page(collective_session_id: int) -> str:
    """A collective session's page, where its connection link is given."""
    return absolute_url("agenda.show", collective_session_id=collective_session_id)


def page_of(meeting: Meeting) -> str | None:
    """A collective session's slot: the session's page; None for other meetings (their details travel with them)."""
    return None if meeting.collective_session_id is None else session_page(meeting.collective_session_id)


def is_over(meeting: Meeting, now: datetime | None = None) -> bool:
    """A day or slot that has ended: its page reads « (passée) » and offers no calendar file for it any more
    (a transfer's, a visit's, a collective session's alike; the Jinja test ``over``)."""
    return meeting.ends_at <= (now or utcnow())


@dataclass(frozen=True)
class Belonging:
    """What a meeting is one day or slot of, said after « participer » (« à la visite apprenante « … » »,
    « au transfert de savoir-faire « … » »), and its page."""

    to_it: str
    page: str | None


def belonging_of(session: Session, meeting: Meeting) -> Belonging:
    """The visit, the transfer or the collective session ``meeting`` belongs to (one page for its days)."""
    if meeting.collective_session is not None:
        return Belonging(f"à la session «\u00a0{meeting.collective_session.title}\u00a0»",
                         session_page(meeting.collective_session.id))
    visit = session.scalar(select(LearningVisit).where(or_(LearningVisit.day_one_session_id == meeting.id,
                                                           LearningVisit.day_two_session_id == meeting.id)))
    if visit is not None:
        return Belonging(f"à la visite apprenante «\u00a0{visit.title}\u00a0»",
                         absolute_url("visits.show", visit_id=visit.id))
    day = session.scalar(select(PairingDay).where(PairingDay.session_id == meeting.id))
    if day is not None:
        return Belonging(f"au transfert de savoir-faire «\u00a0{day.pairing.need.title}\u00a0»",
                         absolute_url("transfers.show", pairing_id=day.pairing_id))
    return Belonging(f"à la rencontre «\u00a0{meeting.title}\u00a0»", None)
