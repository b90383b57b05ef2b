"""The mails the outbox gave up on, as the administrator sees them: listed with their last error in French, counted
on « Mon espace », sent again with « Renvoyer » (attempts from zero, journaled, once for a double click)."""

from __future__ import annotations

import html
import re
import smtplib

import pytest
from sqlalchemy import select

from app.admin import mails
from app.admin.accounts import AdminRefused
from app.extensions import db as db_ext
from app.mail import MailNotSent, smtp_problem
from app.notifications import given_up
from app.notifications.delivery import deliver_due
from app.notifications.outbox import cancel_pending, enqueue
from models import AuditEvent, OutboxMessage, Role, User
from tests.app.html_parts import page_html
from tests.conftest import extract_csrf
from tests.races import in_step, on_postgres, together

pytestmark = pytest.mark.web

REFUSAL = smtplib.SMTPRecipientsRefused({"zoe@exemple.fr": (550, b"5.1.1 Mailbox unavailable")})


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html(response))).split()).replace("\u00a0", " ")


def _refusing_server(monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise MailNotSent(smtp_problem(REFUSAL, "smtp.exemple.fr:465")) from REFUSAL

    monkeypatch.setattr("app.notifications.delivery.deliver", refuse)



def _tried_until_given_up(db, monkeypatch, *, since) -> None:
    """The queued mails refused by the server twice, each try made due at once (``OUTBOX_MAX_ATTEMPTS_REFUSED=2``)."""
    _refusing_server(monkeypatch)
    for _ in range(2):
        db.execute(OutboxMessage.__table__.update().values(due_at=since))
        db.commit()
        deliver_due(worker="a")

def _give_up(app, db, make_user, monkeypatch, *, key: str = "invitation:1") -> OutboxMessage:
    """A mail whose recipient the server refuses for good, tried until the outbox gives it up."""
    app.config.update(OUTBOX_MAX_ATTEMPTS_REFUSED=2)
    message = enqueue(db, key=key, to=make_user(email="zoe@exemple.fr"), subject="Votre invitation", body="Bonjour")
    db.commit()
    _tried_until_given_up(db, monkeypatch, since=message.created_at)
    db.refresh(message)
    assert message.cancelled_at is not None and message.last_error.startswith("Abandonné après 2 tentatives")
    return message


def test_the_page_lists_a_given_up_mail_with_its_reason_in_french(app, db, make_user, as_admin, monkeypatch):
    _give_up(app, db, make_user, monkeypatch)
    enqueue(db, key="rappel:1", to="autre@exemple.fr", subject="Rappel annulé", body="x")
    cancel_pending(db, key_prefix="rappel:")  # cancelled as pointless: not a given-up mail
    db.commit()
    page = _text(as_admin.get("/admin/e-mails-abandonnes"))
    assert "1 e-mail abandonné" in page
    assert ("zoe@exemple.fr Votre invitation le serveur SMTP smtp.exemple.fr:465 refuse le destinataire "
            "zoe@exemple.fr (550 5.1.1 Mailbox unavailable) 2 ") in page
    assert "Abandonné après" not in page  # the attempts have their own column
    assert "Rappel annulé" not in page
    assert "Renvoyer l'e-mail « Votre invitation » à zoe@exemple.fr" in page  # the button says which, to a reader


def test_renvoyer_puts_it_back_with_its_attempts_from_zero_and_journals_it(app, db, make_user, as_admin, admin,
                                                                            monkeypatch):
    message = _give_up(app, db, make_user, monkeypatch)
    token = extract_csrf(page_html(as_admin.get("/admin/e-mails-abandonnes")))
    answer = as_admin.post(f"/admin/e-mails-abandonnes/{message.id}/renvoyer", data={"csrf_token": token},
                           follow_redirects=True)
    assert "est remis dans la file d'envoi" in _text(answer)
    assert "Aucun e-mail abandonné" in _text(answer)
    db.refresh(message)
    assert (message.cancelled_at, message.attempts, message.last_error) == (None, 0, None)
    event = db.scalars(select(AuditEvent).filter_by(action="outbox.send_again")).one()
    assert event.actor_id == admin.id and event.target_label == "« Votre invitation » à zoe@exemple.fr"
    assert event.before == {"tentatives": 2, "erreur": "le serveur SMTP smtp.exemple.fr:465 refuse le destinataire "
                                                      "zoe@exemple.fr (550 5.1.1 Mailbox unavailable)"}
    # A second click (Back, then the same button) does nothing more, and says why.
    again = as_admin.post(f"/admin/e-mails-abandonnes/{message.id}/renvoyer", data={"csrf_token": token},
                          follow_redirects=True)
    assert "n'est plus parmi les abandonnés" in _text(again)
    assert len(db.scalars(select(AuditEvent).filter_by(action="outbox.send_again")).all()) == 1
    monkeypatch.setattr("app.notifications.delivery.deliver", lambda *_a, **_k: None)
    assert deliver_due(worker="a").sent == 1


def test_without_the_csrf_token_nothing_is_sent_again(app, db, make_user, as_admin, monkeypatch):
    message = _give_up(app, db, make_user, monkeypatch)
    assert as_admin.post(f"/admin/e-mails-abandonnes/{message.id}/renvoyer", data={}).status_code == 400
    db.refresh(message)
    assert message.cancelled_at is not None


def test_only_administrators_see_or_send_again(app, db, client, login, make_user, monkeypatch):
    message = _give_up(app, db, make_user, monkeypatch)
    login(make_user(Role.ORGANISER))
    assert client.get("/admin/e-mails-abandonnes").status_code == 403
    assert client.post(f"/admin/e-mails-abandonnes/{message.id}/renvoyer",
                       data={"csrf_token": extract_csrf(page_html(client.get("/mon-espace")))}).status_code == 403
    db.refresh(message)
    assert message.cancelled_at is not None


def test_the_admin_s_home_counts_them_with_a_link(app, db, make_user, as_admin, monkeypatch):
    assert "Aucun e-mail abandonné" in _text(as_admin.get("/mon-espace"))
    _give_up(app, db, make_user, monkeypatch)
    home = html.unescape(page_html(as_admin.get("/mon-espace"))).replace("\u00a0", " ")
    assert ('<a href="/admin/e-mails-abandonnes">1 e-mail abandonné après ses tentatives d\'envoi : à lire et renvoyer</a>'
            in home)


@on_postgres[0]
@on_postgres[1]
def test_two_clicks_at_once_put_it_back_once(app, db, make_user, admin, monkeypatch):
    message = _give_up(app, db, make_user, monkeypatch)
    in_step(monkeypatch, given_up, "reason_of")  # both have read it given up before either writes

    def click() -> str:
        try:
            mails.send_again(admin=db_ext.session.get(User, admin.id), message_id=message.id)
        except AdminRefused:
            return "refused"
        return "sent again"

    assert sorted(together(app, {"a": click, "b": click}).values()) == ["refused", "sent again"]
    assert len(db.scalars(select(AuditEvent).filter_by(action="outbox.send_again")).all()) == 1


def test_the_reason_loses_only_the_given_up_prefix():
    assert given_up.reason_of("Abandonné après 10 tentatives : le serveur SMTP x:25 ne répond pas (…)") == \
        "le serveur SMTP x:25 ne répond pas (…)"
    assert given_up.reason_of("Abandonné après 1 tentative : refus") == "refus"



def _two_mails_refused(db, make_user, monkeypatch) -> None:
    """Two invitations the SMTP server refused once: they wait for another try."""
    for n in (1, 2):
        enqueue(db, key=f"invitation:{n}", to=make_user(email=f"personne{n}@exemple.fr"), subject="Invitation",
                body="Bonjour")
    db.commit()
    _refusing_server(monkeypatch)
    deliver_due(worker="a")

def test_the_page_says_which_mails_the_server_has_not_taken_yet(app, db, make_user, as_admin, monkeypatch):
    """An SMTP outage leaves mails retried for days before one is given up: the page says so from the first refusal."""
    assert "pas encore parti" not in _text(as_admin.get("/admin/e-mails-abandonnes"))
    _two_mails_refused(db, make_user, monkeypatch)
    page = _text(as_admin.get("/admin/e-mails-abandonnes"))
    assert "2 e-mails ne sont pas encore partis : le serveur SMTP les a refusés, ils seront essayés de nouveau" in page
    assert ("Dernière erreur : le serveur SMTP smtp.exemple.fr:465 refuse le destinataire zoe@exemple.fr "
            "(550 5.1.1 Mailbox unavailable)") in page
    assert "Aucun e-mail abandonné" in page  # none given up yet


def test_retrying_counts_only_mails_that_failed_and_wait(app, db, make_user, monkeypatch):
    enqueue(db, key="invitation:1", to=make_user(email="zoe@exemple.fr"), subject="Invitation", body="Bonjour")
    db.commit()
    assert given_up.retrying() is None  # asked, never tried: the outbox's ordinary state
    _refusing_server(monkeypatch)
    deliver_due(worker="a")
    waiting = given_up.retrying()
    assert waiting is not None and waiting.count == 1 and waiting.next_try_at > waiting.oldest_asked_at
    assert "refuse le destinataire" in waiting.last_error


def test_the_admin_s_home_counts_the_mails_the_server_refused_that_wait_for_another_try(app, db, make_user, as_admin,
                                                                                      monkeypatch):
    """« À traiter » counted the given-up mails only: an SMTP outage, which the page of mails says from its first
    refusal, left « Aucun e-mail abandonné » on the administrator's home for days."""
    home = _text(as_admin.get("/mon-espace"))
    assert "Aucun e-mail refusé par le serveur SMTP en attente d'un nouvel essai" in home
    _two_mails_refused(db, make_user, monkeypatch)
    home = html.unescape(page_html(as_admin.get("/mon-espace"))).replace("\u00a0", " ")
    assert ('<a href="/admin/e-mails-abandonnes#pas-encore-partis">2 e-mails pas encore partis, refusés par le serveur '
            "SMTP : à vérifier (ils seront essayés de nouveau)</a>") in home
    assert 'id="pas-encore-partis"' in page_html(as_admin.get("/admin/e-mails-abandonnes"))


def test_the_page_counts_every_given_up_mail_when_it_lists_the_latest(app, db, make_user, as_admin, monkeypatch):
    """The home said « 3 e-mails abandonnés », the page listing its latest « 2 e-mails abandonnés (les 2 plus
    récents) »: the page says the same number as the home, and which of them it lists."""
    app.config.update(OUTBOX_MAX_ATTEMPTS_REFUSED=2)
    zoe = make_user(email="zoe@exemple.fr")
    for n in (1, 2, 3):
        enqueue(db, key=f"invitation:{n}", to=zoe, subject="Votre invitation", body="Bonjour")
    db.commit()
    _tried_until_given_up(db, monkeypatch, since=zoe.created_at)
    assert given_up.count_given_up() == 3
    monkeypatch.setattr(given_up.given_up_mails, "__defaults__", (2,))
    home = _text(as_admin.get("/mon-espace"))
    assert "3 e-mails abandonnés après leurs tentatives d'envoi" in home
    page = _text(as_admin.get("/admin/e-mails-abandonnes"))
    assert "3 e-mails abandonnés : les 2 plus récents ci-dessous" in page
    assert page.count("Renvoyer l'e-mail") == 2
