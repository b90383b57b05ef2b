"""The scheduler's periodic tasks as the operator meets them: the daily retention erases failed logins once out of
their window (no cron needed besides the scheduler), and its log lines say their numbers in French."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.scheduling.scheduler import JOBS, retention_job
from models import LoginAttempt, utcnow


def test_the_daily_retention_erases_failed_logins_out_of_their_window(app, db):
    assert any(spec.id == "retention" and spec.seconds == 24 * 3600 for spec in JOBS)
    window = timedelta(seconds=app.config["LOGIN_WINDOW_SECONDS"])
    db.add_all([LoginAttempt(key="ip:203.0.113.7", created_at=utcnow() - window - timedelta(days=1)),
                LoginAttempt(key="email:zoe@exemple.fr", created_at=utcnow())])
    db.commit()
    retention_job()
    db.expire_all()
    assert db.scalars(select(LoginAttempt.key)).all() == ["email:zoe@exemple.fr"]


def test_the_scheduler_s_log_lines_agree_in_number(app, db, make_user, caplog):
    import logging

    from app.notifications.outbox import enqueue
    from app.scheduling.scheduler import deliver_outbox_job

    enqueue(db, key="k:1", to=make_user(), subject="Sujet", body="Corps")
    db.commit()
    with caplog.at_level(logging.INFO, logger="app.scheduling.scheduler"):
        deliver_outbox_job()
    assert "File d'envoi : 1\u00a0e-mail envoyé, 0\u00a0échec" in caplog.messages


def test_the_daily_digest_leaves_each_morning_in_paris(app, db, make_user):
    """« Vous recevez ce récapitulatif une fois par jour »: no task sent it. It leaves at 7 h in Paris: at 23 h 30 UTC
    on 31 December (0 h 30 on 1 January there) the next one is that morning, 6 h UTC; in summer 5 h UTC."""
    from datetime import UTC, datetime

    from app.notifications.inbox import notify
    from app.scheduling.scheduler import build_scheduler, digests_job
    from models import NotificationPreferences, OutboxMessage
    from models.notification import DIGEST

    scheduler = build_scheduler(app, blocking=False)
    trigger = scheduler.get_job("digests").trigger
    assert trigger.get_next_fire_time(None, datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == datetime(
        2027, 1, 1, 6, tzinfo=UTC)
    assert trigger.get_next_fire_time(None, datetime(2027, 7, 1, 12, tzinfo=UTC)) == datetime(2027, 7, 2, 5, tzinfo=UTC)

    reader = make_user()
    db.add(NotificationPreferences(user_id=reader.id, messages=DIGEST))
    db.commit()
    notify(user=reader, category="message", text="Nouveau message", url="/transferts/1", key="k:message:1",
           subject="Nouveau message", template="pair_space/mail_message.txt")
    db.commit()
    digests_job()
    db.expire_all()
    [mail] = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == reader.id)).all()
    assert mail.key.startswith(f"digest:{reader.id}:") and "Nouveau message" in mail.body
