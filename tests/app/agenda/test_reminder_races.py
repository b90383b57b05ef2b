"""The reminders job and a person's action at the same instant (PostgreSQL): a session cancelled, or left, while the
job writes its reminders. The job read the meeting scheduled and its participants before the cancellation committed;
the cancellation's ``cancel_pending`` ran before the job's reminder was committed, so it found nothing to cancel: the
reminder of a cancelled session (or of a session left) went out, the next minute, beside the cancellation."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from app.agenda import cancellation, services
from app.extensions import db as db_ext
from app.scheduling import reminders
from models import CollectiveSession, OutboxMessage, Role, User, utcnow
from tests.races import hold, on_postgres, together

pytestmark = on_postgres


def _soon_session(publish):
    start = utcnow().replace(microsecond=0) + timedelta(hours=3)
    return publish(slots=[services.SlotTimes(start, start + timedelta(hours=2))])


def _pending_reminders(db, meeting_id: int) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage.key).where(
        OutboxMessage.key.startswith(reminders.reminder_prefix(meeting_id)),
        OutboxMessage.sent_at.is_(None), OutboxMessage.cancelled_at.is_(None))))


def _job_held_until(monkeypatch, done: threading.Event) -> None:
    """The job, past its reading of the meetings, waits before it writes a reminder until the other call returned
    (or, once the job locks the meeting, until the hold's two seconds pass: the other call waits for it)."""
    hold(monkeypatch, reminders, "enqueue_template", thread="job", until=done)


def _then_set(call, done: threading.Event):
    def run():
        try:
            return call()
        finally:
            done.set()
    return run


def test_a_session_cancelled_as_the_job_writes_its_reminders_leaves_none_to_send(
        app, db, publish, organiser, make_user, make_pole, monkeypatch):
    session = _soon_session(publish)
    person = make_user(Role.FACILITATOR, pole=make_pole())
    services.register(session_id=session.id, user=person)
    session_id, meeting_id, organiser_id = session.id, session.slots[0].id, organiser.id
    done = threading.Event()
    _job_held_until(monkeypatch, done)

    outcomes = together(app, {
        "job": reminders.enqueue_due_reminders,
        "organiser": _then_set(lambda: cancellation.cancel(
            session=db_ext.session.get(CollectiveSession, session_id),
            organiser=db_ext.session.get(User, organiser_id)), done),
    })

    assert not any(isinstance(outcome, BaseException) for outcome in outcomes.values()), outcomes
    assert outcomes["organiser"] == 1
    assert _pending_reminders(db, meeting_id) == []


def test_a_person_leaving_as_the_job_writes_the_reminders_gets_none(
        app, db, publish, make_user, make_pole, monkeypatch):
    session = _soon_session(publish)
    leaving, staying = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    for person in (leaving, staying):
        services.register(session_id=session.id, user=person)
    session_id, meeting_id, leaving_id = session.id, session.slots[0].id, leaving.id
    done = threading.Event()
    _job_held_until(monkeypatch, done)

    outcomes = together(app, {
        "job": reminders.enqueue_due_reminders,
        "person": _then_set(lambda: services.unregister(
            session_id=session_id, user=db_ext.session.get(User, leaving_id)), done),
    })

    assert not any(isinstance(outcome, BaseException) for outcome in outcomes.values()), outcomes
    pending = _pending_reminders(db, meeting_id)
    assert pending == [reminders.reminder_key(meeting_id, staying.id, session.slots[0].starts_at)], pending
