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
