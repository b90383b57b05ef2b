"""Reminders before every meeting (lawyer slots, transfer days, visit days)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.notifications.outbox import enqueue_template
from app.scheduling.ics import meeting_ics
from models import OutboxMessage, Meeting, MeetingParticipant, MeetingStatus, utcnow


def reminder_key(session_id: int, user_id: int, sequence: int) -> str:
    """One reminder per session, person and version of the session (a moved session reminds again)."""
    return f"session:{session_id}:reminder:user:{user_id}:seq:{sequence}"


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
    wanted = {reminder_key(m.id, p.user_id, m.ical_sequence): (m, p)
              for m in meetings for p in m.participants if p.user.is_active}
    if not wanted:
        return 0
    existing = set(db.session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(list(wanted)))))
    added = 0
    for key, (meeting, participant) in wanted.items():
        if key in existing:
            continue
        try:
            with db.session.begin_nested():
                enqueue_template(
                    db.session, key=key, to=participant.user, subject=f"Rappel\u00a0: {meeting.title}",
                    template="scheduling/mail/reminder.txt", meeting=meeting, due_at=now,
                    attachment=("rendez-vous.ics", "text/calendar", meeting_ics(meeting)),
                )
                db.session.flush()
            added += 1
        except IntegrityError:
            continue  # another process enqueued it first
    db.session.commit()
    return added
