"""Reminders 24 h before any meeting; a restarted scheduler catches up once."""

from __future__ import annotations

from datetime import datetime, timedelta, UTC
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.lawyers.services import save_profile
from app.legal import services as legal
from app.mail import memory_outbox
from app.notifications.delivery import KEY_HEADER, deliver_all_due
from app.notifications.outbox import enqueue
from app.scheduling.meetings import move_meeting, place_from_text, set_place
from app.scheduling.reminders import enqueue_due_reminders, reminder_key
from app.scheduling.scheduler import JOBS, build_scheduler
from app.templating import format_datetime, format_range
from models import (
    OutboxMessage, ParticipantRole, Role, Meeting, MeetingKind, MeetingParticipant, MeetingStatus, utcnow,
)


def _transfer_day(db, users, *, starts_in: timedelta) -> Meeting:
    start = utcnow() + starts_in
    meeting = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Journée de transfert", starts_at=start,
                      ends_at=start + timedelta(hours=6), location="Lille")
    meeting.participants = [MeetingParticipant(user=u, role=ParticipantRole.PARTICIPANT) for u in users]
    db.add(meeting)
    db.commit()
    return meeting


def _reminders(app) -> list[str]:
    return sorted(m[KEY_HEADER] for m in memory_outbox(app) if ":reminder:" in m[KEY_HEADER])


def test_reminders_for_every_participant_of_a_session_within_24h(app, db, make_user):
    a, b = make_user(), make_user()
    soon = _transfer_day(db, [a, b], starts_in=timedelta(hours=20))
    _transfer_day(db, [a], starts_in=timedelta(hours=30))
    assert enqueue_due_reminders() == 2
    assert enqueue_due_reminders() == 0
    deliver_all_due()
    assert _reminders(app) == sorted(reminder_key(soon.id, u.id, soon.starts_at) for u in (a, b))
    body = memory_outbox(app)[0].get_body(("plain",)).get_content()
    assert "Journée de transfert" in body and "Lille" in body
    assert "http://entrepairs.test/calendrier/" in body  # scheduler mails carry absolute links


def test_no_reminder_for_cancelled_session(app, db, make_user):
    meeting = _transfer_day(db, [make_user()], starts_in=timedelta(hours=5))
    meeting.status = MeetingStatus.CANCELLED
    db.commit()
    assert enqueue_due_reminders() == 0


def test_scheduler_down_ten_minutes_sends_overdue_reminders_once_none_for_cancelled(
        app, db, make_user, make_lawyer, make_slot):
    """The scheduler stops at t0 and restarts at t0 + 10 min: what fell due meanwhile goes out once."""
    t0 = utcnow()
    lawyer = make_lawyer()
    kept_user, cancelled_user = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    # Two slots entering the 24 h window during the downtime (t0 + 24 h + 5 min).
    kept_slot = make_slot(lawyer, starts_at=t0 + timedelta(hours=24, minutes=5))
    cancelled_slot = make_slot(lawyer, starts_at=t0 + timedelta(hours=24, minutes=6))
    app.config["BOOKING_CHANGE_DEADLINE_HOURS"] = 1
    kept = legal.book_slot(slot_id=kept_slot.id, booker=kept_user, question="Question sur nos statuts de SCIC.",
                           idempotency_key=legal.new_idempotency_key()).booking
    gone = legal.book_slot(slot_id=cancelled_slot.id, booker=cancelled_user,
                           question="Question sur un contrat de travail.",
                           idempotency_key=legal.new_idempotency_key()).booking
    # Last run before the stop: nothing due yet; confirmations go out.
    assert enqueue_due_reminders(now=t0) == 0
    deliver_all_due(now=t0)
    # During the downtime a booking is cancelled.
    legal.cancel_booking(booking_id=gone.id, by=cancelled_user)
    # Restart at t0 + 10 min: the jobs run at once (next_run_time = now), then again a minute later.
    restart = t0 + timedelta(minutes=10)
    for now in (restart, restart + timedelta(minutes=1)):
        enqueue_due_reminders(now=now)
        deliver_all_due(now=now)
    expected = sorted(reminder_key(kept_slot.session_id, uid, kept_slot.starts_at) for uid in (kept_user.id, lawyer.user_id))
    assert _reminders(app) == expected
    assert not [k for k in _reminders(app) if k.startswith(f"session:{cancelled_slot.session_id}:")]
    unsent = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None),
                                                                    OutboxMessage.cancelled_at.is_(None))
    assert db.scalar(unsent) == 0
    assert kept.status.value == "confirmed"


def test_rescheduled_session_reminds_again_for_its_new_time(app, db, make_user):
    user = make_user()
    meeting = _transfer_day(db, [user], starts_in=timedelta(hours=3))
    enqueue_due_reminders()
    move_meeting(meeting=meeting, starts_at=meeting.starts_at + timedelta(hours=1),
                 ends_at=meeting.ends_at + timedelta(hours=1))
    db.commit()
    assert enqueue_due_reminders() == 1
    deliver_all_due()
    # The first reminder had not left yet: it would have given the old time, so only the new one goes.
    assert _reminders(app) == [reminder_key(meeting.id, user.id, meeting.starts_at)]


def test_a_change_of_place_inside_the_window_reminds_nobody_twice(app, db, make_user):
    """A lawyer writes how her meetings take place after the reminder left: SEQUENCE moves, no second reminder."""
    a, b = make_user(), make_user()
    meeting = _transfer_day(db, [a, b], starts_in=timedelta(hours=5))
    assert enqueue_due_reminders() == 2
    deliver_all_due()
    set_place(meetings=[meeting], place=place_from_text("https://visio.exemple.fr/salle-7"))
    db.commit()
    assert meeting.ical_sequence == 1
    assert enqueue_due_reminders() == 0
    deliver_all_due()
    assert len(_reminders(app)) == 2


def test_a_lawyer_who_writes_her_meeting_details_after_the_reminder_reminds_nobody_twice(
        app, db, make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    booker = make_user(Role.FACILITATOR)
    slot = make_slot(lawyer, starts_at=utcnow() + timedelta(hours=20))
    app.config["BOOKING_CHANGE_DEADLINE_HOURS"] = 1
    legal.book_slot(slot_id=slot.id, booker=booker, question="Question sur nos statuts de SCIC.",
                    idempotency_key=legal.new_idempotency_key())
    assert enqueue_due_reminders() == 2
    deliver_all_due()
    save_profile(lawyer.user, firm=lawyer.firm or "", specialties=lawyer.specialties,
                 meeting_details="Par téléphone au 04 73 00 00 00")
    assert slot.session.location == "Par téléphone au 04 73 00 00 00"
    assert enqueue_due_reminders() == 0
    deliver_all_due()
    assert _reminders(app) == sorted(reminder_key(slot.session_id, uid, slot.starts_at)
                                     for uid in (booker.id, lawyer.user_id))


def test_a_reminder_sent_under_the_former_key_counts_as_sent(app, db, make_user):
    """The first run after the key changed (``…:seq:N`` before) reminds nobody a second time."""
    user = make_user()
    meeting = _transfer_day(db, [user], starts_in=timedelta(hours=5))
    enqueue(db, key=f"session:{meeting.id}:reminder:user:{user.id}:seq:0", to=user, subject="Rappel", body="b")
    db.commit()
    assert enqueue_due_reminders() == 0


def test_scheduler_has_its_jobs_and_catches_up_at_start(app):
    scheduler = build_scheduler(app, blocking=False)
    scheduler.start(paused=True)
    try:
        jobs = {job.id: job for job in scheduler.get_jobs()}
        assert set(jobs) == {spec.id for spec in JOBS} == {
            "deliver-outbox", "reminders", "generate-slots", "digests", "reembed", "transfer-requests", "retention",
            "outbox-retention", "notification-retention", "transfer-retention", "jobs-cleanup"}
        assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())
        # Every task catches up at start but the daily digest, which waits for its hour (a restart sends none).
        assert all(job.next_run_time <= datetime.now(UTC) for job in jobs.values() if job.id != "digests")
        assert jobs["digests"].next_run_time > datetime.now(UTC)
    finally:
        scheduler.shutdown(wait=False)
    assert app.config["SCHEDULER_ENABLED"] is True


def test_a_reminder_names_its_day_and_hour_and_the_time_on_site(app, db, make_user):
    """« Rappel : Créneau Juri-PTCE » twice in a mailbox said neither which day nor which hour (mail audit); a day held
    in Martinique, read in Paris, says the time on site as well."""
    reader = make_user()
    # Tomorrow at 14 h UTC: 10 h in Martinique, a day that does not cross midnight on site whatever the hour the
    # suite runs (20 hours from now did after 3 h UTC: « lundi … 23 h – mardi … 1 h » has no « de 23 h »).
    start = (utcnow() + timedelta(days=1)).replace(hour=14, minute=0, second=0, microsecond=0)
    meeting = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Journée de transfert", starts_at=start,
                      ends_at=start + timedelta(hours=2), location="Fort-de-France", timezone="America/Martinique")
    meeting.participants = [MeetingParticipant(user=reader, role=ParticipantRole.PARTICIPANT)]
    db.add(meeting)
    db.commit()
    enqueue_due_reminders(now=start - timedelta(hours=20))
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == reader.id)).one()
    paris, on_site = (start.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)) for zone in ("Europe/Paris", "America/Martinique"))
    assert mail.subject == f"Rappel\u00a0: Journée de transfert, {format_datetime(start, 'Europe/Paris')}"
    assert f"à\u00a0{paris.hour}\u00a0h" in mail.subject
    assert f"Sur place (heure de la Martinique) : {format_range(start, meeting.ends_at, 'America/Martinique')}" in mail.body
    assert f"de\u00a0{on_site.hour}\u00a0h" in mail.body
