"""Private calendar feed URL per user: a random secret shown once, stored hashed, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from icalendar import Event
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from app.access.scopes import collective_session_run_by
from app.extensions import db
from app.links import absolute_url
from app.locks import lock_row
from app.scheduling.ics import feed_ics, meeting_event
from app.scheduling.meeting_pages import page_of
from app.transactions import transactional
from models import (
    Booking, BookingStatus, CalendarFeed, CollectiveSession, LawyerProfile, LegalSlot, Meeting, MeetingParticipant, User, utcnow,
)

FEED_PAST_DAYS = 30


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_feed(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id,
                                                        CalendarFeed.revoked_at.is_(None)))


@transactional
def create_feed(*, user: User) -> str:
    """Revoke the user's feed URL, if any, and return the secret of a new one (shown once).

    The account's row is locked first: two clicks (two tabs) take turns, and the second revokes the link the first
    made. Without it each revoked what was there before either, and both links kept working (one of them pasted
    nowhere, a secret that never dies): one live link per person, whatever the interleaving.
    """
    lock_row(db.session, User, user.id, others_may_refer=True)
    _revoke(user.id)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(user_id=user.id, token_hash=hash_token(token)))
    return token


@transactional
def revoke_feeds(*, user: User) -> int:
    """Revoke every feed URL of ``user``: the old links stop working at once (a link made meanwhile too: the
    account's row is locked as ``create_feed`` locks it)."""
    lock_row(db.session, User, user.id, others_may_refer=True)
    return _revoke(user.id)


def _revoke(user_id: int) -> int:
    result = db.session.execute(update(CalendarFeed).where(CalendarFeed.user_id == user_id,
                                                           CalendarFeed.revoked_at.is_(None))
                                .values(revoked_at=utcnow()))
    return result.rowcount or 0


def user_for_token(token: str) -> User | None:
    """The (active) owner of a valid, unrevoked feed token."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token),
                                                        CalendarFeed.revoked_at.is_(None)))
    if feed is None or not feed.user.is_active:
        return None
    feed.last_used_at = utcnow()
    db.session.commit()
    return feed.user


def meetings_of(user: User) -> list[Meeting]:
    """Sessions the user attends, a lawyer's own slots (booked or not) and the slots of the collective sessions an
    organiser published and still runs (a CRA's regional day was missing from its own calendar: it runs it, it is not
    registered),
    from a month ago."""
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    attended = select(MeetingParticipant.session_id).where(MeetingParticipant.user_id == user.id)
    own_slots = (select(LegalSlot.session_id).join(LegalSlot.lawyer)
                 .where(LawyerProfile.user_id == user.id))
    # Those it still runs: a CRA member moved to another region by an administrator keeps its subscription, not the
    # sessions of the region it left (``collective_session_run_by``).
    run = select(CollectiveSession.id).where(CollectiveSession.organiser_id == user.id, collective_session_run_by(user))
    return list(db.session.scalars(
        select(Meeting)
        .where(Meeting.starts_at >= since,
               Meeting.id.in_(attended) | Meeting.id.in_(own_slots) | Meeting.collective_session_id.in_(run))
        .order_by(Meeting.starts_at)))


def _own_slots(user: User, meetings: list[Meeting]) -> dict[int, LegalSlot]:
    """The lawyer's own Juri-PTCE slots among ``meetings``, by meeting id."""
    ids = [m.id for m in meetings]
    if not ids:
        return {}
    return {slot.session_id: slot for slot in db.session.scalars(
        select(LegalSlot).join(LegalSlot.lawyer).where(LawyerProfile.user_id == user.id, LegalSlot.session_id.in_(ids))
        .options(selectinload(LegalSlot.bookings).joinedload(Booking.pole)))}  # one read for every slot's booking


def _slot_event(meeting: Meeting, slot: LegalSlot) -> Event:
    """A lawyer's own slot as she needs it in her calendar (walk of 7 December 2026: every slot, free or booked,
    read « Créneau Juri-PTCE avec » her own name): who booked it and their question, or that it is free."""
    booking = next((b for b in slot.bookings if b.status is BookingStatus.CONFIRMED), None)
    page = absolute_url("legal.slot", slot_id=slot.id)
    if booking is None:
        return meeting_event(meeting, page_url=page, summary="Juri-PTCE\u00a0: créneau libre")
    who = booking.booker_name + (f" ({booking.pole.name})" if booking.pole is not None else "")
    return meeting_event(meeting, page_url=page, summary=f"Juri-PTCE\u00a0: rendez-vous avec {who}",
                         description=f"Question posée\u00a0:\n{booking.question}")


def feed_for(user: User) -> bytes:
    meetings = meetings_of(user)
    own = _own_slots(user, meetings)
    return feed_ics((_slot_event(meeting, own[meeting.id]) if meeting.id in own
                     else meeting_event(meeting, page_url=page_of(meeting)) for meeting in meetings),
                    name="Entrepairs — mes rendez-vous")
