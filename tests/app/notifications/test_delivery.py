"""Outbox delivery: claims, stale claims, cancelled messages, four processes racing."""

from __future__ import annotations

import multiprocessing
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

from sqlalchemy import func, select

from app.mail import memory_outbox
from app.notifications.delivery import KEY_HEADER, claim_due, deliver_all_due, deliver_due
from app.notifications.outbox import cancel_pending, enqueue
from models import OutboxMessage, utcnow
from tests.app.notifications._worker import deliver_in_process


def _fill(db, user, n: int, prefix: str = "m") -> None:
    for i in range(n):
        enqueue(db, key=f"{prefix}:{i}", to=user, subject=f"Sujet {i}", body="Corps")
    db.commit()


def test_deliver_sends_due_once_and_sets_sent_at(app, db, make_user):
    user = make_user()
    _fill(db, user, 3)
    enqueue(db, key="later", to=user, subject="Plus tard", body="b", due_at=utcnow() + timedelta(hours=2))
    db.commit()
    assert deliver_all_due().sent == 3
    assert deliver_all_due().sent == 0
    sent = memory_outbox(app)
    assert sorted(m[KEY_HEADER] for m in sent) == ["m:0", "m:1", "m:2"]
    assert db.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).one().key == "later"


def test_deliver_skips_cancelled_messages(app, db, make_user):
    _fill(db, make_user(), 2, prefix="booking:9")
    cancel_pending(db, key_prefix="booking:9:")
    db.commit()
    assert deliver_all_due().sent == 0
    assert memory_outbox(app) == []


def test_claimed_message_is_not_taken_by_another_worker_until_stale(app, db, make_user):
    _fill(db, make_user(), 1)
    assert claim_due(worker="a", limit=10) != []
    assert claim_due(worker="b", limit=10) == []
    later = utcnow() + timedelta(seconds=app.config["OUTBOX_CLAIM_TIMEOUT_SECONDS"] + 1)
    assert deliver_due(worker="b", now=later).sent == 1
    assert len(memory_outbox(app)) == 1


def test_failed_send_is_recorded_and_retried_later(app, db, make_user):
    _fill(db, make_user(), 1)
    app.config["MAIL_BACKEND"] = "nowhere"
    report = deliver_due(worker="a")
    assert report.failed == 1
    message = db.scalars(select(OutboxMessage)).one()
    db.refresh(message)
    assert message.sent_at is None and "MAIL_BACKEND" in message.last_error
    app.config["MAIL_BACKEND"] = "memory"
    later = utcnow() + timedelta(seconds=app.config["OUTBOX_CLAIM_TIMEOUT_SECONDS"] + 1)
    assert deliver_due(worker="b", now=later).sent == 1


def test_four_processes_racing_over_200_messages_send_each_once(app, db, make_user, database_url,
                                                                 tmp_path: Path):
    user = make_user()
    for i in range(200):
        enqueue(db, key=f"session:{i}:reminder:user:{user.id}:seq:0", to=user, subject="Rappel", body="b")
    db.commit()
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    processes = [context.Process(target=deliver_in_process, args=(database_url, str(tmp_path), barrier, results))
                 for _ in range(4)]
    for process in processes:
        process.start()
    counts = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    files = list(tmp_path.glob("*.eml"))
    keys = [message_from_bytes(f.read_bytes())[KEY_HEADER] for f in files]
    assert len(files) == 200, (len(files), counts)
    assert len(set(keys)) == 200
    assert sum(sent for _, sent in counts) == 200
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))) == 0
    assert sum(1 for _, sent in counts if sent > 0) >= 2, counts  # they really shared the work


def test_a_batch_longer_than_the_claim_timeout_sends_each_message_once(app, db, make_user, monkeypatch):
    """Worker a claimed 100 messages so long ago that its claims look stale; while it sends the first
    one, worker b delivers: b must not send the message a is sending (before: 1 duplicate per race)."""
    from app.notifications import delivery

    timeout = app.config["OUTBOX_CLAIM_TIMEOUT_SECONDS"]
    user, long_ago = make_user(), utcnow() - timedelta(seconds=timeout + 60)
    for i in range(100):
        enqueue(db, key=f"m:{i}", to=user, subject=f"Sujet {i}", body="Corps", due_at=long_ago)
    db.commit()
    real_send, raced = delivery._send, {}

    def send_while_b_delivers(message, application):
        if "b" not in raced:
            raced["b"] = None
            raced["b"] = deliver_all_due(worker="b")  # b comes while a is sending its first message
        real_send(message, application)

    monkeypatch.setattr(delivery, "_send", send_while_b_delivers)
    report_a = deliver_due(worker="a", limit=100, now=utcnow() - timedelta(seconds=timeout + 5))
    keys = [m[KEY_HEADER] for m in memory_outbox(app)]
    assert len(keys) == len(set(keys)) == 100
    assert report_a.sent + raced["b"].sent == 100 and report_a.sent == 1


def test_a_claim_timeout_shorter_than_a_send_is_refused_at_start_up(monkeypatch):
    import pytest

    from config import Config

    monkeypatch.setattr(Config, "OUTBOX_CLAIM_TIMEOUT_SECONDS", 5)
    with pytest.raises(RuntimeError, match="OUTBOX_CLAIM_TIMEOUT_SECONDS"):
        Config.check()
