"""Implicit TLS (« SMTPS », port 465: OVH, Gandi, o2switch) and STARTTLS, against a real local SMTP server whose
certificate is checked; what goes wrong is told in French (``MailNotSent``)."""

from __future__ import annotations

import email

import pytest
from sqlalchemy import select

from app.mail import MailNotSent, build_message, deliver
from app.notifications.delivery import deliver_due
from app.notifications.outbox import enqueue
from models import OutboxMessage
from tests.smtp_server import self_signed_certificate, smtp_server

SENDER = "Entrepairs <ne-pas-repondre@entrepairs.example.org>"


def _message():
    return build_message(to="zoe@example.org", subject="Réunion du pôle", body="Bonjour\n", sender=SENDER)


@pytest.fixture
def trusted(tmp_path, monkeypatch):
    """The test certificate is among the authorities the client trusts (as SSL_CERT_FILE makes it in production)."""
    cert, _ = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return tmp_path


def _smtp(app, port: int, **settings) -> None:
    app.config.update({"MAIL_BACKEND": "smtp", "MAIL_SERVER": "localhost", "MAIL_PORT": port, "MAIL_USE_TLS": False,
                       "MAIL_USE_SSL": False, "MAIL_USERNAME": None, **settings})


def test_a_mail_goes_out_over_implicit_tls_with_login(app, db, make_user, trusted):
    with smtp_server(trusted, implicit_tls=True) as server:
        _smtp(app, server.port, MAIL_USE_SSL=True, MAIL_USERNAME="site@ptce.example", MAIL_PASSWORD="secret")
        enqueue(db, key="k:ssl", to=make_user(email="zoe@example.org"), subject="Réunion du pôle", body="Bonjour")
        db.commit()
        assert deliver_due(worker="a").sent == 1
    assert server.logins == [("site@ptce.example", "secret")]
    assert email.message_from_bytes(server.messages[0])["To"] == "zoe@example.org"


def test_starttls_checks_the_certificate_too(app, tmp_path, monkeypatch):
    # Before: smtp.starttls() without a context took any certificate, whoever presented it.
    with smtp_server(tmp_path, starttls=True) as server:
        _smtp(app, server.port, MAIL_USE_TLS=True)
        with pytest.raises(MailNotSent) as refused:
            deliver(_message(), app)
        assert str(refused.value).startswith(f"le serveur SMTP localhost:{server.port} présente un certificat refusé (")
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "smtp-cert.pem"))
        deliver(_message(), app)
    assert len(server.messages) == 1


def test_an_untrusted_certificate_is_refused_in_french(app, tmp_path, db, make_user):
    with smtp_server(tmp_path, implicit_tls=True) as server:
        _smtp(app, server.port, MAIL_USE_SSL=True)
        enqueue(db, key="k:cert", to=make_user(), subject="Sujet", body="Corps")
        db.commit()
        assert deliver_due(worker="a").failed == 1
    assert server.messages == []
    message = db.scalars(select(OutboxMessage)).one()
    db.refresh(message)
    assert message.last_error == (
        f"le serveur SMTP localhost:{server.port} présente un certificat refusé (self-signed certificate) : "
        "vérifiez que MAIL_SERVER est le nom inscrit sur son certificat (un certificat auto-signé doit être ajouté "
        "aux autorités de confiance, par exemple par SSL_CERT_FILE)")


def test_a_name_that_is_not_the_certificate_s_is_refused(app, trusted):
    with smtp_server(trusted, implicit_tls=True) as server:
        _smtp(app, server.port, MAIL_USE_SSL=True)
        app.config["MAIL_SERVER"] = "127.0.0.1"  # the same server, under a name not on its certificate
        with pytest.raises(MailNotSent, match=r"^le serveur SMTP 127\.0\.0\.1:\d+ présente un certificat refusé \("):
            deliver(_message(), app)


def test_implicit_tls_on_a_plain_port_says_which_settings_to_check(app, trusted):
    with smtp_server(trusted) as server:
        _smtp(app, server.port, MAIL_USE_SSL=True)
        with pytest.raises(MailNotSent) as refused:
            deliver(_message(), app)
    assert str(refused.value).startswith(f"la connexion chiffrée avec le serveur SMTP localhost:{server.port} a échoué (")
    assert str(refused.value).endswith(
        "vérifiez MAIL_PORT et le chiffrement (MAIL_USE_SSL pour le port 465, MAIL_USE_TLS pour le port 587)")


def test_a_plain_connection_to_an_implicit_tls_port_names_mail_use_ssl(app, trusted, monkeypatch):
    monkeypatch.setattr("app.mail.SMTP_TIMEOUT_SECONDS", 1)  # the server waits for TLS, the client for its greeting
    with smtp_server(trusted, implicit_tls=True) as server:
        _smtp(app, server.port)
        with pytest.raises(MailNotSent) as refused:
            deliver(_message(), app)
    assert str(refused.value).startswith(f"le serveur SMTP localhost:{server.port} a coupé la connexion (")
    assert str(refused.value).endswith("s'il attend une connexion chiffrée d'emblée (port 465), mettez MAIL_USE_SSL=1")
