"""Reminders before every meeting (lawyer slots, transfer days, visit days)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.locks import lock_row
from app.notifications.outbox import enqueue_template
from app.scheduling.ics import meeting_ics
from app.scheduling.meeting_pages import page_of
from app.templating import format_datetime, zone_of
from app.transactions import savepoint, unit_of_work
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

    Idempotent (the key is unique); cancelled sessions and people who left a session get none. One unit of work per
    meeting, its row locked first and read again (``app.locks``): a cancellation, a move or a person leaving at the
    same instant either committed before (the meeting is read cancelled, moved, without them) or waits for the
    reminders to be committed, and then cancels them (``meetings``: the meeting's row is written before the pending
    reminders are cancelled). Read without the lock, the job wrote the reminder of a session cancelled meanwhile,
    which the cancellation had looked for too early to cancel. Returns how many messages were added.
    """
    now = now or utcnow()
    hours = hours if hours is not None else current_app.config["REMINDER_HOURS_BEFORE"]
    horizon = now + timedelta(hours=hours)
    due = list(db.session.scalars(
        select(Meeting.id).where(Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > now,
                                 Meeting.starts_at <= horizon).order_by(Meeting.starts_at, Meeting.id)))
    added = 0
    for meeting_id in due:
        with unit_of_work():
            added += _remind(meeting_id, now=now, horizon=horizon)
    return added


def _remind(meeting_id: int, *, now: datetime, horizon: datetime) -> int:
    """The reminders of one meeting, under its row lock (see ``enqueue_due_reminders``); how many were added."""
    meeting = lock_row(db.session, Meeting, meeting_id)
    if meeting is None or meeting.status is not MeetingStatus.SCHEDULED or not now < meeting.starts_at <= horizon:
        return 0
    participants = db.session.scalars(
        select(MeetingParticipant).where(MeetingParticipant.session_id == meeting.id)
        .options(selectinload(MeetingParticipant.user)).execution_options(populate_existing=True)).all()
    wanted = {reminder_key(meeting.id, p.user_id, meeting.starts_at): p for p in participants if p.user.is_active}
    if not wanted:
        return 0
    existing = set(db.session.scalars(select(OutboxMessage.key).where(
        OutboxMessage.key.startswith(reminder_prefix(meeting.id), autoescape=True))))
    legacy = {key.rsplit(_LEGACY_PART, 1)[0] for key in existing if f":{_LEGACY_PART}" in key}
    page = page_of(meeting)  # a collective session's page, where its connection link is given
    added = 0
    for key, participant in wanted.items():
        if key in existing or reminder_prefix(meeting.id, participant.user_id) in legacy:
            continue
        try:
            with savepoint():
                enqueue_template(
                    db.session, key=key, to=participant.user, subject=reminder_subject(meeting, participant.user),
                    template="scheduling/mail/reminder.txt", meeting=meeting, due_at=now, page_url=page,
                    attachment=("rendez-vous.ics", "text/calendar", meeting_ics(meeting, page_url=page)),
                )
                db.session.flush()
            added += 1
        except IntegrityError:
            continue  # another process enqueued it first
    return added
