"""Accounts under hostile use: logout ends the session server-side, no answer tells which addresses have an
account (same text, same time), a mail outage never breaks an account page, errors beside the right field."""

from __future__ import annotations

import html
import re
import statistics
import time

import pytest
from sqlalchemy import func, select

import app.mail as mail_module
from app.auth import services
from app.auth.passwords import hash_password
from app.extensions import db as db_ext
from models import OutboxMessage, Role, User
from tests.conftest import PASSWORD, extract_csrf
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _flash_after(client, response) -> str:
    """The page a redirect leads to, with its flash message, without the CSRF token and ids that change."""
    assert response.status_code == 302, response.status_code
    page = html.unescape(page_html(client.get(response.headers["Location"])))
    return re.sub(r'value="[^"]*"', "", page)


def _post(client, url: str, **data):
    token = extract_csrf(page_html(client.get(url)))
    return client.post(url, data={"csrf_token": token, **data})


def _signup(client, email: str):
    return _post(client, "/compte/inscription", display_name="Claire Martin", email=email, role="facilitator",
                 password=PASSWORD, password_confirm=PASSWORD)


# --------------------------------------------------------------------------- #
# Logout ends the session on the server
# --------------------------------------------------------------------------- #


def test_a_cookie_captured_before_logout_is_refused_after(app, client, login, make_user, make_pole):
    user = make_user(Role.FACILITATOR, pole=make_pole())
    login(user)
    assert client.get("/mon-espace").status_code == 200
    captured = client.get_cookie("session", domain="entrepairs.test").value
    token = extract_csrf(page_html(client.get("/mon-espace")))
    assert client.post("/compte/deconnexion", data={"csrf_token": token}).status_code == 302
    # Said without « session », the site's word for a collective session, nor a gendered « déconnecté·e ».
    assert "Déconnexion effectuée" in page_html(client.get("/"))

    thief = app.test_client()
    thief.set_cookie("session", captured, domain="entrepairs.test")
    response = thief.get("/mon-espace")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
    response = thief.post(f"/poles/{user.pole_id}/besoins/nouveau", data={
        "csrf_token": token, "title": "Besoin posté avec le vieux cookie",
        "text": "Ce besoin ne devrait jamais être enregistré après la déconnexion.", "kind": "any", "urgency": "2"})
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_logging_in_again_after_logout_works(client, login, make_user):
    user = make_user()
    login(user)
    client.post("/compte/deconnexion", data={"csrf_token": extract_csrf(page_html(client.get("/mon-espace")))})
    login(user)
    assert client.get("/mon-espace").status_code == 200


# --------------------------------------------------------------------------- #
# No account enumeration
# --------------------------------------------------------------------------- #


def test_signup_answers_the_same_for_a_known_and_a_new_address(app, make_user, db):
    make_user(email="connue@pole.fr")
    known_client, new_client = app.test_client(), app.test_client()
    known = _flash_after(known_client, _signup(known_client, "connue@pole.fr"))
    new = _flash_after(new_client, _signup(new_client, "nouvelle@pole.fr"))
    # Each reads the address typed (to spot a typo), and otherwise the same words.
    assert "connue@pole.fr" in known and "nouvelle@pole.fr" in new
    assert known.replace("connue@pole.fr", "@") == new.replace("nouvelle@pole.fr", "@")
    assert "existe déjà" not in known
    assert db.scalar(select(func.count()).select_from(User)) == 2
    subjects = dict(db.execute(select(OutboxMessage.to_email, OutboxMessage.subject)).all())
    assert subjects == {"connue@pole.fr": "Vous avez déjà un compte Entrepairs",
                        "nouvelle@pole.fr": "Confirmez votre adresse e-mail — Entrepairs"}


@pytest.mark.parametrize("url", ["/compte/mot-de-passe-oublie", "/compte/renvoyer-confirmation"])
def test_forgot_password_and_resend_answer_the_same_for_known_and_unknown(app, make_user, url):
    make_user(email="connue@pole.fr", confirmed=url.endswith("oublie") or False)
    known_client, unknown_client = app.test_client(), app.test_client()
    known = _flash_after(known_client, _post(known_client, url, email="connue@pole.fr"))
    unknown = _flash_after(unknown_client, _post(unknown_client, url, email="inconnue@pole.fr"))
    assert known == unknown


def _median_login_seconds(client, email: str, tries: int) -> float:
    durations = []
    for _ in range(tries):
        token = extract_csrf(page_html(client.get("/compte/connexion")))
        start = time.perf_counter()
        response = client.post("/compte/connexion", data={"csrf_token": token, "email": email,
                                                          "password": "mauvais-mot-de-passe"})
        durations.append(time.perf_counter() - start)
        assert response.status_code == 200
    return statistics.median(durations)


def test_a_wrong_password_takes_as_long_for_an_unknown_address(app, make_user):
    """Before: ~180 ms for a known address, ~16 ms for an unknown one (no Argon2 check). Ratio of medians,
    interleaved rounds, a generous bound: only a missing Argon2 check (ratio ~10) fails it."""
    app.config.update(LOGIN_MAX_FAILURES_PER_EMAIL=1000, LOGIN_MAX_FAILURES_PER_IP=1000)
    user = make_user(email="connue@pole.fr")
    user.password_hash = hash_password(PASSWORD)  # at the site's costs, not the test users' light ones
    db_ext.session.commit()
    client = app.test_client()
    _median_login_seconds(client, "inconnue@pole.fr", 1)  # warm-up (the dummy hash is made once)
    known, unknown = [], []
    for _ in range(3):
        known.append(_median_login_seconds(client, "connue@pole.fr", 3))
        unknown.append(_median_login_seconds(client, "inconnue@pole.fr", 3))
    ratio = statistics.median(known) / statistics.median(unknown)
    assert 0.4 < ratio < 2.5, (known, unknown)


def test_unconfirmed_address_error_is_under_the_email_field(client, make_user):
    user = make_user(email="pas-confirmee@pole.fr", confirmed=False)
    response = _post(client, "/compte/connexion", email=user.email, password=PASSWORD)
    page = html.unescape(page_html(response))
    assert re.search(r'id="email-erreur">Votre adresse e-mail n\'est pas encore confirmée', page), page
    assert 'id="password-erreur"' not in page


def test_wrong_password_error_stays_under_the_password_field(client, make_user):
    user = make_user()
    page = html.unescape(page_html(_post(client, "/compte/connexion", email=user.email, password="faux-mot")))
    assert re.search(r'id="password-erreur">Adresse e-mail ou mot de passe incorrect', page)


def test_account_errors_are_refusals():
    from app.auth.tokens import TokenError
    from app.refused import Refused

    assert issubclass(services.AccountError, Refused) and issubclass(TokenError, Refused)


# --------------------------------------------------------------------------- #
# A mail outage never breaks a page
# --------------------------------------------------------------------------- #


@pytest.fixture
def mail_down(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise ConnectionRefusedError("serveur SMTP injoignable")

    monkeypatch.setattr(mail_module, "deliver", refuse)


def test_signup_with_the_mail_server_down_saves_and_queues(app, client, db, mail_down):
    response = _signup(client, "claire@pole.fr")
    assert response.status_code == 302
    assert db.scalar(select(func.count()).select_from(User)) == 1
    assert db.scalar(select(OutboxMessage.to_email)) == "claire@pole.fr"


@pytest.mark.parametrize("url", ["/compte/mot-de-passe-oublie", "/compte/renvoyer-confirmation"])
def test_mail_pages_with_the_mail_server_down_answer_and_queue(app, client, db, make_user, mail_down, url):
    make_user(email="connue@pole.fr", confirmed=url.endswith("oublie"))
    response = _post(client, url, email="connue@pole.fr")
    assert response.status_code == 302
    assert db.scalar(select(OutboxMessage.to_email)) == "connue@pole.fr"


def test_invitation_with_the_mail_server_down_is_saved_and_queued(client, login, make_user, db, mail_down):
    login(make_user(Role.ORGANISER))
    response = _post(client, "/compte/inviter", display_name="Maître Dupont", email="dupont@avocats.fr",
                     role="lawyer")
    assert response.status_code == 302
    assert db.scalar(select(OutboxMessage.subject).where(OutboxMessage.to_email == "dupont@avocats.fr")) \
        == "Invitation à rejoindre Entrepairs"
