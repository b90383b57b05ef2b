"""A mail the server does not take is tried again later and later, then given up (app/notifications/delivery.py)."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.mail import MailNotSent, memory_outbox
from app.notifications import delivery
from app.notifications.delivery import claim_due, deliver_due
from app.notifications.outbox import enqueue
from models import OutboxMessage, utcnow


def _message(db) -> OutboxMessage:
    db.expire_all()
    return db.scalars(select(OutboxMessage)).one()


def _refusing(monkeypatch, code: int) -> None:
    def send(message, app):
        cause = smtplib.SMTPRecipientsRefused({message.to_email: (code, b"5.1.1 mailbox unavailable")})
        raise MailNotSent(f"le serveur SMTP relais:25 refuse le destinataire {message.to_email} ({code})") from cause

    monkeypatch.setattr(delivery, "_send", send)


@pytest.fixture
def one_mail(db, make_user):
    enqueue(db, key="invitation:1", to=make_user(), subject="Invitation", body="Corps")
    db.commit()


def test_each_failure_puts_the_next_attempt_further_off(app, db, one_mail):
    app.config["MAIL_BACKEND"] = "nowhere"
    for attempt, delay in enumerate([timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)], start=1):
        before = utcnow()
        assert deliver_due(worker="a", now=before + timedelta(days=attempt)).failed == 1
        message = _message(db)
        assert message.attempts == attempt and message.claimed_at is None and message.cancelled_at is None
        assert before + delay <= message.due_at <= utcnow() + delay
    # before the delay is over nobody takes it, even with the claim long stale
    assert claim_due(worker="b", limit=10, now=message.due_at - timedelta(minutes=1)) == []
    app.config["MAIL_BACKEND"] = "memory"
    assert deliver_due(worker="b", now=message.due_at).sent == 1


def test_a_mail_is_given_up_after_its_last_attempt_and_the_operator_is_told(app, db, one_mail, caplog):
    app.config.update(MAIL_BACKEND="nowhere", OUTBOX_MAX_ATTEMPTS=4)
    caplog.set_level(logging.WARNING, logger=delivery.__name__)
    reports = [deliver_due(worker="a", now=utcnow() + timedelta(days=day)) for day in range(1, 7)]
    assert [r.failed for r in reports] == [1, 1, 1, 1, 0, 0]
    assert [r.given_up for r in reports] == [0, 0, 0, 1, 0, 0]
    message = _message(db)
    assert message.cancelled_at is not None and message.sent_at is None and message.attempts == 4
    assert message.last_error.startswith("Abandonné après 4 tentatives : MAIL_BACKEND inconnu")
    assert "Envoi impossible de invitation:1 (tentative 1 sur 4)" in caplog.text
    assert "nouvel essai dans 5 min" in caplog.text and "nouvel essai dans 1 h" in caplog.text
    assert f"Mail invitation:1 à {message.to_email} abandonné après 4 tentatives" in caplog.text
    app.config["MAIL_BACKEND"] = "memory"
    assert deliver_due(worker="a", now=utcnow() + timedelta(days=30)).claimed == 0
    assert memory_outbox(app) == []


def test_a_recipient_refused_for_good_is_given_up_sooner(app, db, one_mail, monkeypatch):
    _refusing(monkeypatch, 550)
    given_up = [deliver_due(worker="a", now=utcnow() + timedelta(days=day)).given_up for day in range(1, 5)]
    assert given_up == [0, 0, 1, 0]  # OUTBOX_MAX_ATTEMPTS_REFUSED = 3, not OUTBOX_MAX_ATTEMPTS = 10
    message = _message(db)
    assert message.last_error.startswith("Abandonné après 3 tentatives : le serveur SMTP relais:25 refuse")


def test_a_temporary_refusal_keeps_being_retried(app, db, one_mail, monkeypatch):
    _refusing(monkeypatch, 450)
    for day in range(1, 5):
        deliver_due(worker="a", now=utcnow() + timedelta(days=day))
    message = _message(db)
    assert message.attempts == 4 and message.cancelled_at is None
    assert message.due_at > utcnow() + timedelta(hours=3)  # the 4th failure: next attempt in 4 h


def test_a_maximum_of_no_attempt_is_refused_at_start_up(monkeypatch):
    from config import Config, ConfigurationError

    monkeypatch.setattr(Config, "OUTBOX_MAX_ATTEMPTS_REFUSED", 0)
    with pytest.raises(ConfigurationError, match="OUTBOX_MAX_ATTEMPTS_REFUSED doit valoir au moins 1"):
        Config.check()
