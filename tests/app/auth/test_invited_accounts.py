"""An invited account that never chose a password: nobody gets in without one, and the person chooses it
through the invitation link or « Mot de passe oublié » — never through a confirmation that leads nowhere."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.auth import invitations, services
from app.auth.tokens import token_lifetime_text
from models import OutboxMessage, User
from tests.conftest import PASSWORD, extract_csrf
from tests.app.auth.conftest import INVITEE_EMAIL
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web

EMAIL = INVITEE_EMAIL


def _last_link(db) -> str:
    mail = db.scalars(select(OutboxMessage).filter_by(to_email=EMAIL).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"https?://\S+", mail.body).group(0).split("entrepairs.test", 1)[-1]


def _post(client, url: str, **data):
    return client.post(url, data={"csrf_token": extract_csrf(page_html(client.get(url))), **data})


def test_an_invitee_cannot_log_in_before_choosing_a_password(client, invitee):
    for password in ("", "none", PASSWORD):
        response = _post(client, "/compte/connexion", email=EMAIL, password=password)
        assert response.status_code == 200
        assert client.get("/mon-espace").status_code == 302


def test_asking_a_new_confirmation_gives_an_invitee_the_link_to_choose_a_password(app, client, db, invitee):
    _post(client, "/compte/renvoyer-confirmation", email=EMAIL)
    link = _last_link(db)
    assert link.startswith("/compte/reinitialiser/"), link  # not a confirmation of an account nobody can open
    assert db.get(User, invitee.id).email_confirmed_at is None


def test_forgot_password_lets_an_invitee_choose_a_password_then_log_in(client, db, invitee):
    _post(client, "/compte/mot-de-passe-oublie", email=EMAIL)
    link = _last_link(db)
    _post(client, link, password="un-mot-de-passe-solide-42", password_confirm="un-mot-de-passe-solide-42")
    response = _post(client, "/compte/connexion", email=EMAIL, password="un-mot-de-passe-solide-42")
    assert response.status_code == 302 and client.get("/mon-espace").status_code == 200


def test_a_deactivated_invitee_cannot_choose_a_password_with_the_link_it_kept(client, db, invitee):
    link = _last_link(db)
    invitee.is_active = False
    db.commit()
    response = client.get(link)
    assert response.status_code == 302 and "/compte/mot-de-passe-oublie" in response.headers["Location"]
    token = extract_csrf(page_html(client.get("/compte/connexion")))
    client.post(link, data={"csrf_token": token, "password": "un-mot-de-passe-solide-42",
                            "password_confirm": "un-mot-de-passe-solide-42"})
    assert db.get(User, invitee.id).password_hash is None


def test_the_mails_say_the_lifetime_the_links_really_have(app, db, invitee):
    app.config["TOKEN_MAX_AGE_SECONDS"] = 7 * 24 * 3600
    with app.test_request_context():
        assert token_lifetime_text() == "7\u00a0jours"
        services.send_password_reset(EMAIL)
        invitations.resend_invitation(sender=invitee, user=invitee, form_key="k")
    db.commit()
    mails = db.scalars(select(OutboxMessage).filter_by(to_email=EMAIL).order_by(OutboxMessage.id)).all()
    assert [("7\u00a0jours" in m.body, "48\u00a0heures" in m.body) for m in mails[1:]] == [(True, False), (True, False)]


def test_an_organiser_inviting_a_pending_address_again_learns_when_and_whom_to_ask(client, login, db, invitee):
    login(db.scalars(select(User).filter_by(email="avise@exemple.fr")).one())
    response = _post(client, "/compte/inviter", display_name="Paul Invité", email=EMAIL, role="organiser")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html(response))).split())
    assert "Cette adresse a déjà reçu une invitation le" in text
    assert "demandez à l'administration du site de la renvoyer" in text
    assert len(db.scalars(select(OutboxMessage).filter_by(to_email=EMAIL)).all()) == 1
