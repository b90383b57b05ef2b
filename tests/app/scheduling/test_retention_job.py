"""The scheduler's daily retention task erases failed logins once they are out of the window, as
`entrepairs purge-inactive` does: the operator needs no cron besides the scheduler."""

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
