"""Delivered mail keeps no personal content beyond OUTBOX_RETENTION_DAYS, bell notices none beyond
NOTIFICATIONS_RETENTION_DAYS (issue #14)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.notifications.outbox import enqueue
from app.notifications.retention import ERASED, purge_delivered, purge_old_notices
from app.scheduling.scheduler import JOBS, notification_retention_job, outbox_retention_job
from models import Notification, OutboxMessage, utcnow


def test_old_sent_mail_is_stripped_recent_and_unsent_mail_kept(app, db, make_user):
    user = make_user(name="Dominique Partie")
    now = utcnow()
    for key, sent_days_ago in (("old", 100), ("recent", 10), ("unsent", None)):
        message = enqueue(db, key=key, to=user, subject=f"Rendez-vous avec {user.display_name}",
                          body=f"Bonjour {user.display_name}", attachment=("a.ics", "text/calendar", b"BEGIN"))
        message.sent_at = now - timedelta(days=sent_days_ago) if sent_days_ago is not None else None
    db.commit()
    assert purge_delivered(days=90, now=now) == 1
    assert purge_delivered(days=90, now=now) == 0  # idempotent
    db.expire_all()
    old, recent, unsent = (db.scalars(select(OutboxMessage).filter_by(key=k)).one() for k in ("old", "recent", "unsent"))
    assert (old.subject, old.body, old.to_email, old.attachment_data, old.recipient_id) == (ERASED, ERASED, "", None, None)
    assert "Dominique" in recent.body and "Dominique" in unsent.body and unsent.attachment_data == b"BEGIN"
    # The key stays: enqueuing the same message again still sends nothing twice.
    assert enqueue(db, key="old", to=user, subject="s", body="b") is None


def test_the_scheduler_runs_it_daily_with_the_setting(app, db, make_user):
    assert any(spec.id == "outbox-retention" and spec.seconds == 24 * 3600 for spec in JOBS)
    message = enqueue(db, key="k", to=make_user(), subject="s", body="Texte personnel")
    message.sent_at = utcnow() - timedelta(days=app.config["OUTBOX_RETENTION_DAYS"] + 1)
    db.commit()
    outbox_retention_job()
    db.expire_all()
    assert db.scalars(select(OutboxMessage)).one().body == ERASED


def _notice(db, user, *, days_ago: float, read_days_ago: float | None, label: str) -> Notification:
    now = utcnow()
    notice = Notification(user_id=user.id, category="message", text=f"Nouveau message de Dominique ({label})",
                          url="/transferts/1#conversation", created_at=now - timedelta(days=days_ago),
                          read_at=now - timedelta(days=read_days_ago) if read_days_ago is not None else None)
    db.add(notice)
    return notice


def test_old_read_notices_go_unread_ones_after_twice_the_retention(app, db, make_user):
    user = make_user(name="Camille Lectrice")
    for label, days_ago, read_days_ago in (
            ("read-old", 366, 360), ("read-recent", 364, 1), ("unread-old", 366, None),
            ("unread-very-old", 731, None), ("read-very-old", 800, 799), ("unread-just-under-twice", 729, None)):
        _notice(db, user, days_ago=days_ago, read_days_ago=read_days_ago, label=label)
    db.commit()
    assert purge_old_notices(days=365) == 3
    assert purge_old_notices(days=365) == 0  # idempotent
    db.expire_all()
    kept = sorted(n.text.split("(")[1].rstrip(")") for n in db.scalars(select(Notification)))
    assert kept == ["read-recent", "unread-just-under-twice", "unread-old"]


def test_the_scheduler_deletes_old_notices_daily_with_the_setting(app, db, make_user):
    assert any(spec.id == "notification-retention" and spec.seconds == 24 * 3600 for spec in JOBS)
    days = app.config["NOTIFICATIONS_RETENTION_DAYS"]
    assert days == 365
    user = make_user()
    _notice(db, user, days_ago=days + 1, read_days_ago=days, label="old")
    _notice(db, user, days_ago=days - 1, read_days_ago=days - 2, label="recent")
    db.commit()
    notification_retention_job()
    db.expire_all()
    assert [n.text for n in db.scalars(select(Notification))] == ["Nouveau message de Dominique (recent)"]
