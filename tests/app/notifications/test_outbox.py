"""Outbox enqueueing is idempotent and cancellable."""

from __future__ import annotations

from sqlalchemy import func, select

from app.notifications.outbox import cancel_pending, enqueue
from models import OutboxMessage


def test_enqueue_same_key_twice_adds_one(db, make_user):
    user = make_user()
    assert enqueue(db, key="k:1", to=user, subject="Sujet", body="Corps") is not None
    db.commit()
    assert enqueue(db, key="k:1", to=user, subject="Sujet", body="Corps") is None
    db.commit()
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert db.scalars(select(OutboxMessage)).one().to_email == user.email


def test_cancel_pending_by_prefix(db, make_user):
    user = make_user()
    for key in ("booking:1:reminder", "booking:1:confirmation", "booking:12:reminder"):
        enqueue(db, key=key, to=user, subject="s", body="b")
    db.commit()
    assert cancel_pending(db, key_prefix="booking:1:") == 2
    db.commit()
    live = {m.key for m in db.scalars(select(OutboxMessage).where(OutboxMessage.cancelled_at.is_(None)))}
    assert live == {"booking:12:reminder"}


def test_every_subject_gets_its_french_spacing_once_in_the_outbox(db, make_user):
    """A subject written with plain spaces, or quoting a title typed « Atelier : coop », still never lets
    « : » or « » » start a line: the outbox spaces every subject, not each place that writes one."""
    enqueue(db, key="k:fr", to=make_user(), subject="Rappel : « Atelier : coop » ?", body="Corps")
    db.commit()
    assert db.scalars(select(OutboxMessage)).one().subject == "Rappel\u00a0: «\u00a0Atelier\u00a0: coop\u00a0»\u00a0?"
