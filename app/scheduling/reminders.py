"""Reminders before every meeting (lawyer slots, transfer days, visit days)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.notifications.outbox import enqueue_template
from app.scheduling.ics import meeting_ics
from app.scheduling.meeting_pages import page_of
from app.templating import format_datetime, zone_of
from models import OutboxMessage, Meeting, MeetingParticipant, MeetingStatus, User, utcnow


def reminder_key(session_id: int, user_id: int, starts_at: datetime) -> str:
    """One reminder per session, person and start time.

    A reminder is about the meeting and when it starts: a change of place or of link (the calendar SEQUENCE
    moves) reminds nobody again, a change of start time does (the reminder sent was for another time).
    """
    return f"{reminder_prefix(session_id, user_id)}at:{starts_at:%Y%m%dT%H%M}"


def reminder_prefix(session_id: int, user_id: int | None = None) -> str:
    """The keys of every reminder of one session (cancelled when it moves, ``meetings.move_meeting``), or of one
    session to one person (cancelled when the person leaves)."""
    meeting = f"session:{session_id}:reminder:"
    return meeting if user_id is None else f"{meeting}user:{user_id}:"


#: Keys written before the start time was the key (``…:seq:<SEQUENCE>``): a reminder sent under one counts as
#: sent, so that the first run after the change reminds nobody twice.
_LEGACY_PART = "seq:"


def reminder_subject(meeting: Meeting, user: User) -> str:
    """« Rappel : Créneau Juri-PTCE, mardi 5 janvier 2027 à 14 h »: the day and hour in the reader's zone, so that
    two reminders (two slots, two transfer days) are told apart in a mailbox."""
    return f"Rappel\u00a0: {meeting.title}, {format_datetime(meeting.starts_at, zone_of(user))}"[:300]


def enqueue_due_reminders(*, now: datetime | None = None, hours: int | None = None) -> int:
    """Enqueue a reminder for each participant of each meeting starting within ``hours``.

    Idempotent (the key is unique); cancelled sessions and people who left a session get none.
    Returns how many messages were added.
    """
    now = now or utcnow()
    hours = hours if hours is not None else current_app.config["REMINDER_HOURS_BEFORE"]
    meetings = list(db.session.scalars(
        select(Meeting)
        .where(Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > now,
               Meeting.starts_at <= now + timedelta(hours=hours))
        .options(selectinload(Meeting.participants).selectinload(MeetingParticipant.user))
        .order_by(Meeting.starts_at)))
    wanted = {reminder_key(m.id, p.user_id, m.starts_at): (m, p)
              for m in meetings for p in m.participants if p.user.is_active}
    if not wanted:
        return 0
    existing = set(db.session.scalars(select(OutboxMessage.key).where(
        or_(*(OutboxMessage.key.startswith(reminder_prefix(m.id), autoescape=True) for m in meetings)))))
    legacy = {key.rsplit(_LEGACY_PART, 1)[0] for key in existing if f":{_LEGACY_PART}" in key}
    added = 0
    for key, (meeting, participant) in wanted.items():
        prefix = reminder_prefix(meeting.id, participant.user_id)
        if key in existing or prefix in legacy:
            continue
        page = page_of(meeting)  # a collective session's page, where its connection link is given
        try:
            with db.session.begin_nested():
                enqueue_template(
                    db.session, key=key, to=participant.user, subject=reminder_subject(meeting, participant.user),
                    template="scheduling/mail/reminder.txt", meeting=meeting, due_at=now, page_url=page,
                    attachment=("rendez-vous.ics", "text/calendar", meeting_ics(meeting, page_url=page)),
                )
                db.session.flush()
            added += 1
        except IntegrityError:
            continue  # another process enqueued it first
    db.session.commit()
    return added
