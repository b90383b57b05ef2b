"""Moving a meeting: new times, one SEQUENCE step, the reminder of the old time cancelled, one for the new time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.scheduling.meetings import move_meeting
from app.scheduling.reminders import enqueue_due_reminders, reminder_key
from models import OutboxMessage, ParticipantRole, Role, Meeting, MeetingKind, MeetingParticipant, utcnow


def test_a_moved_meeting_cancels_its_pending_reminder_and_reminds_again_for_the_new_time(db, make_user):
    person = make_user(Role.FACILITATOR)
    start = utcnow().replace(microsecond=0) + timedelta(hours=10)
    meeting = Meeting(kind=MeetingKind.COLLECTIVE, title="Webinaire", starts_at=start, ends_at=start + timedelta(hours=1))
    meeting.participants = [MeetingParticipant(user=person, role=ParticipantRole.PARTICIPANT)]
    db.add(meeting)
    db.commit()
    assert enqueue_due_reminders(hours=24) == 1
    old = db.scalar(select(OutboxMessage).where(OutboxMessage.key == reminder_key(meeting.id, person.id, start)))

    later = start + timedelta(hours=4)
    assert move_meeting(meeting=meeting, starts_at=later, ends_at=later + timedelta(hours=1)) is True
    db.commit()
    assert (meeting.starts_at, meeting.ical_sequence) == (later, 1)
    db.refresh(old)
    assert old.cancelled_at is not None and old.sent_at is None
    assert enqueue_due_reminders(hours=24) == 1  # the new time reminds again (its key carries the start time)

    assert move_meeting(meeting=meeting, starts_at=later, ends_at=later + timedelta(hours=1)) is False
    assert meeting.ical_sequence == 1
