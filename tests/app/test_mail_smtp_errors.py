"""An SMTP server that does not take a message: the outbox keeps it for a new try, and the operator reads why
in French (``last_error``, the scheduler's log) rather than a raw tuple or errno."""

from __future__ import annotations

import smtplib
import socket

import pytest
from sqlalchemy import select

from app.mail import MailNotSent, build_message, deliver
from app.notifications.delivery import deliver_due
from app.notifications.outbox import enqueue
from models import OutboxMessage

SENDER = "Entrepairs <ne-pas-repondre@entrepairs.example.org>"


def _message():
    return build_message(to="zoe@example.org", subject="Sujet", body="Bonjour\n", sender=SENDER)


class _RefusingServer:
    """Stands for smtplib.SMTP: a server that answers every MAIL FROM with ``error``."""

    error: Exception

    def __init__(self, *_args, **_kwargs) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        pass

    def send_message(self, _message) -> None:
        raise self.error


@pytest.fixture
def smtp_app(app):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=2525)
    return app


def _refusing(monkeypatch, error: Exception) -> None:
    monkeypatch.setattr(_RefusingServer, "error", error, raising=False)
    monkeypatch.setattr(smtplib, "SMTP", _RefusingServer)


def test_a_server_that_is_not_there_says_which_settings_to_check(smtp_app):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        smtp_app.config["MAIL_PORT"] = probe.getsockname()[1]
    with pytest.raises(MailNotSent) as refused:
        deliver(_message(), smtp_app)
    assert str(refused.value).startswith(f"le serveur SMTP 127.0.0.1:{smtp_app.config['MAIL_PORT']} ne répond pas (")
    assert str(refused.value).endswith("vérifiez MAIL_SERVER et MAIL_PORT")


def test_a_refused_sender_is_named_with_the_server_s_reply(smtp_app, monkeypatch):
    _refusing(monkeypatch, smtplib.SMTPSenderRefused(554, b"5.7.1 Relay access denied", "ne-pas-repondre@x.org"))
    with pytest.raises(MailNotSent) as refused:
        deliver(_message(), smtp_app)
    assert str(refused.value) == (
        "le serveur SMTP 127.0.0.1:2525 refuse l'expéditeur ne-pas-repondre@x.org (554 5.7.1 Relay access denied) : "
        "vérifiez MAIL_DEFAULT_SENDER, MAIL_USERNAME et MAIL_PASSWORD")


def test_the_outbox_keeps_the_reason_in_french_and_the_message_for_later(smtp_app, db, make_user, monkeypatch):
    _refusing(monkeypatch, smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid"))
    enqueue(db, key="k:1", to=make_user(), subject="Sujet", body="Corps")
    db.commit()
    assert deliver_due(worker="a").failed == 1
    message = db.scalars(select(OutboxMessage)).one()
    db.refresh(message)
    assert message.sent_at is None
    assert message.last_error == ("le serveur SMTP 127.0.0.1:2525 refuse l'identification "
                                  "(535 5.7.8 Authentication credentials invalid) : vérifiez MAIL_USERNAME et MAIL_PASSWORD")


def test_the_message_id_is_of_the_sender_s_domain():
    assert _message()["Message-ID"].endswith("@entrepairs.example.org>")
