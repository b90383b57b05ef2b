"""The expiry job and the resource person's answer at the same instant (PostgreSQL). The job read the proposals
left unanswered, then the person accepted one of them before the job reached it: the step « Accepté → Expiré » was
refused inside the job's one unit of work, which rolled back every expiry of the run (and again at the next run
if another answer came meanwhile). Each proposal now expires in its own unit, one answered meanwhile left as it is."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select, update

from app.extensions import db as db_ext
from app.transfers import lifecycle, reminders, services
from models import OutboxMessage, Pairing, PairingStatus, User, utcnow
from tests.races import hold, on_postgres, together

pytestmark = on_postgres

S = PairingStatus


def test_a_proposal_accepted_as_the_job_expires_it_is_accepted_and_the_others_expire(app, db, scene, monkeypatch):
    answered = services.propose_pairing(need=scene.finance_need, person=scene.food, organiser=scene.organiser)
    forgotten = services.propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    db.execute(update(Pairing).values(status_changed_at=utcnow() - timedelta(days=30)))
    db.commit()
    answered_id, forgotten_id, person_user_id = answered.id, forgotten.id, scene.food.user_id
    accepted = threading.Event()
    for owner in (lifecycle, reminders):  # the job read them, then waits before it locks one (wherever it does)
        if hasattr(owner, "lock_row"):
            hold(monkeypatch, owner, "lock_row", thread="job", until=accepted, seconds=10)

    def accept() -> None:
        try:
            services.transition(db_ext.session.get(Pairing, answered_id), S.ACCEPTED,
                                actor=db_ext.session.get(User, person_user_id))
        finally:
            accepted.set()

    outcomes = together(app, {"job": services.expire_stale_requests, "accept": accept})

    assert outcomes == {"job": 1, "accept": None}, outcomes
    db.expire_all()
    assert db.get(Pairing, answered_id).status is S.ACCEPTED
    assert db.get(Pairing, forgotten_id).status is S.EXPIRED


def test_a_proposal_accepted_as_the_job_reminds_her_leaves_no_reminder_to_send(app, db, scene, monkeypatch):
    """The job read the proposal waiting (two weeks old), the person accepted it before the job wrote its reminder:
    « Rappel : transfert en attente de réponse » then left after her « oui »."""
    answered = services.propose_pairing(need=scene.finance_need, person=scene.food, organiser=scene.organiser)
    db.execute(update(Pairing).values(status_changed_at=utcnow() - timedelta(days=16)))
    db.commit()
    answered_id, person_user_id = answered.id, scene.food.user_id
    accepted = threading.Event()
    for owner, name in ((reminders, "lock_row"), (reminders, "enqueue_template")):  # before it locks, or writes
        if hasattr(owner, name):
            hold(monkeypatch, owner, name, thread="job", until=accepted, seconds=10)
            break

    def accept() -> None:
        try:
            services.transition(db_ext.session.get(Pairing, answered_id), S.ACCEPTED,
                                actor=db_ext.session.get(User, person_user_id))
        finally:
            accepted.set()

    outcomes = together(app, {"job": services.remind_pending_requests, "accept": accept})

    assert not any(isinstance(outcome, BaseException) for outcome in outcomes.values()), outcomes
    db.expire_all()
    assert not db.scalars(select(OutboxMessage.key).where(
        OutboxMessage.key.startswith(f"pairing:{answered_id}:"), OutboxMessage.key.contains(":reminder:"),
        OutboxMessage.sent_at.is_(None), OutboxMessage.cancelled_at.is_(None))).all()
