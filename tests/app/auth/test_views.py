"""Accounts: sign-up, confirmation, login, reset, invitations."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.mail import memory_outbox
from app.notifications.delivery import deliver_all_due
from models import Role, User
from tests.conftest import PASSWORD, extract_csrf
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _sent(app) -> list:
    """Mails go through the outbox: deliver what is due, then read what the memory backend received."""
    deliver_all_due()
    return memory_outbox(app)


def _link(message) -> str:
    body = message.get_content()
    match = re.search(r"https?://[^\s]+", body)
    assert match, body
    return match.group(0).replace("http://entrepairs.test", "")


def _signup(client, csrf, email="claire@pole.fr", password=PASSWORD, role="facilitator"):
    return client.post("/compte/inscription", data={
        "csrf_token": csrf("/compte/inscription"), "display_name": "Claire Martin", "email": email,
        "role": role, "password": password, "password_confirm": password,
    })


def test_signup_confirm_login_full_journey(app, client, csrf, db):
    response = _signup(client, csrf)
    assert response.status_code == 302
    user = db.scalars(select(User).filter_by(email="claire@pole.fr")).one()
    assert user.email_confirmed_at is None and user.role is Role.FACILITATOR
    assert user.password_hash.startswith("$argon2id$")

    login_data = {"csrf_token": csrf("/compte/connexion"), "email": "claire@pole.fr", "password": PASSWORD}
    refused = client.post("/compte/connexion", data=login_data)
    assert "pas encore confirmée" in page_html(refused)

    confirm_url = _link(_sent(app)[-1])
    assert client.get(confirm_url).status_code == 302
    db.refresh(user)
    assert user.email_confirmed_at is not None

    login_data["csrf_token"] = csrf("/compte/connexion")
    response = client.post("/compte/connexion", data=login_data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/mon-espace")
    assert "Rattachez-vous à votre pôle" in page_html(client.get("/mon-espace"))


def test_the_confirmation_link_leads_to_a_sign_in_form_with_the_address_filled(app, client, csrf, db):
    _signup(client, csrf, email="Claire.M@pole.fr")
    response = client.get(_link(_sent(app)[-1]), follow_redirects=True)
    page = page_html(response)
    assert response.request.path == "/compte/connexion" and "Votre adresse e-mail est confirmée." in page
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    assert 'value="claire.m@pole.fr"' in email_input.lower()
    assert "claire.m@pole.fr" not in response.request.url.lower()  # not in the address bar nor the server's logs
    again = page_html(client.get("/compte/connexion"))  # once: a later visit starts blank
    assert "claire.m@pole.fr" not in re.search(r'<input[^>]*name="email"[^>]*>', again).group(0).lower()


def test_signup_with_a_known_address_answers_as_usual_and_mails_the_owner(app, client, csrf, make_user, db):
    make_user(email="deja@pole.fr", name="Déjà Inscrite")
    response = _signup(client, csrf, email="DEJA@pole.fr")
    assert response.status_code == 302
    assert "existe déjà" not in page_html(client.get("/compte/connexion"))
    assert db.scalar(select(func.count()).select_from(User)) == 1
    mail = _sent(app)[-1]
    assert mail["To"] == "deja@pole.fr" and "déjà un compte" in mail["Subject"]
    body = mail.get_content()
    assert "http://entrepairs.test/compte/connexion" in body and "/compte/reinitialiser/" in body


@pytest.mark.parametrize(("password", "message"), [
    ("court", "au moins 10 caractères"),
    ("azertyuiop", "trop courant"),
    ("aaaaaaaaaaaa", "caractères différents"),
])
def test_signup_weak_password_refused(client, csrf, db, password, message):
    page = page_html(_signup(client, csrf, password=password))
    assert message in page
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_signup_cannot_choose_organiser_role(client, csrf, db):
    page = page_html(_signup(client, csrf, role="organiser"))
    assert "Not a valid choice" not in page
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_login_wrong_password_generic_message(client, csrf, make_user):
    user = make_user()
    page = page_html(client.post("/compte/connexion", data={
        "csrf_token": csrf("/compte/connexion"), "email": user.email, "password": "mauvais-mot-de-passe",
    }))
    assert "Adresse e-mail ou mot de passe incorrect." in page


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example/",
                                    "javascript:alert(1)"])
def test_login_next_refuses_external_targets(client, csrf, make_user, target):
    user = make_user()
    response = client.post(f"/compte/connexion?next={target}", data={
        "csrf_token": csrf("/compte/connexion"), "email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/mon-espace"


def test_login_next_with_control_characters_is_refused_at_the_edge(client, csrf, make_user):
    user = make_user()
    response = client.post("/compte/connexion?next=/%0d%0aLocation:x", data={
        "csrf_token": csrf("/compte/connexion"), "email": user.email, "password": PASSWORD})
    assert response.status_code == 400 and "Location" not in response.headers


@pytest.mark.parametrize("target", [
    None, "", "evil.example", "//evil.example/x", "///evil.example", "////evil.example", "/\\evil.example",
    "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\nSet-Cookie:x", "/\x00x",
    "https://evil.example", "http:evil.example", "https:/evil.example", "javascript:alert(1)",
    "data:text/html,x", " //evil.example", "\uff0f\uff0fevil.example", "/x\\y",
])
def test_is_safe_next_refuses_hostile_targets(target):
    from app.security import is_safe_next

    assert is_safe_next(target) is False


@pytest.mark.parametrize("target", ["/", "/poles/", "/besoins/3?onglet=suggestions#haut", "/poles/%2F%2Fx"])
def test_is_safe_next_accepts_local_paths(target):
    from app.security import is_safe_next

    assert is_safe_next(target) is True


def test_login_next_local_path_followed(client, csrf, make_user):
    user = make_user()
    response = client.post("/compte/connexion?next=/poles/", data={
        "csrf_token": csrf("/compte/connexion"), "email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/poles/"


def test_password_reset_link_works_once(app, client, csrf, make_user, db):
    user = make_user(email="oubli@pole.fr")
    client.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf("/compte/mot-de-passe-oublie"),
                                                     "email": "oubli@pole.fr"})
    url = _link(_sent(app)[-1])
    new_password = "nouvelle-phrase-secrete"
    response = client.post(url, data={"csrf_token": csrf(url), "password": new_password,
                                      "password_confirm": new_password})
    assert response.status_code == 302
    db.refresh(user)
    assert user.session_version == 2
    assert client.get(url).status_code == 302  # used link is refused and redirects
    assert "plus valide" in page_html(client.get("/compte/mot-de-passe-oublie"))


def test_a_password_chosen_by_link_leads_to_a_sign_in_form_with_the_address_filled(app, client, csrf, make_user):
    """Forgotten, or first chosen after an invitation: the address the link was sent to is not typed again (on a
    phone, an invited person may not even know which of her addresses was invited)."""
    make_user(email="oubli@pole.fr")
    client.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf("/compte/mot-de-passe-oublie"),
                                                     "email": "Oubli@Pole.fr"})
    url = _link(_sent(app)[-1])
    response = client.post(url, data={"csrf_token": csrf(url), "password": "nouvelle-phrase-secrete",
                                      "password_confirm": "nouvelle-phrase-secrete"}, follow_redirects=True)
    page = page_html(response)
    assert response.request.path == "/compte/connexion" and "Votre mot de passe est enregistré." in page
    assert 'value="oubli@pole.fr"' in re.search(r'<input[^>]*name="email"[^>]*>', page).group(0)
    again = page_html(client.get("/compte/connexion"))  # once: a later visit starts blank
    assert "oubli@pole.fr" not in re.search(r'<input[^>]*name="email"[^>]*>', again).group(0)


def test_password_reset_link_ignores_a_forged_host_header(app, client, make_user):
    """Host-header injection: the victim's mail must not point to the attacker's domain."""
    app.config.update(PUBLIC_BASE_URL="https://entrepairs.example.org", SERVER_NAME=None)  # as in production
    make_user(email="victime@pole.fr")
    forged = "http://attaquant.example"
    page = page_html(client.get("/compte/mot-de-passe-oublie", base_url=forged))
    response = client.post("/compte/mot-de-passe-oublie", base_url=forged,
                           data={"csrf_token": extract_csrf(page), "email": "victime@pole.fr"})
    assert response.status_code == 302
    body = _sent(app)[-1].get_content()
    assert "https://entrepairs.example.org/compte/reinitialiser/" in body
    assert "attaquant" not in body


def test_password_reset_unknown_email_sends_nothing(app, client, csrf):
    client.post("/compte/mot-de-passe-oublie", data={"csrf_token": csrf("/compte/mot-de-passe-oublie"),
                                                     "email": "inconnu@pole.fr"})
    assert _sent(app) == []


def test_invite_requires_organiser(client, login, make_user):
    login(make_user(Role.FACILITATOR))
    assert client.get("/compte/inviter").status_code == 403


def test_invite_lawyer_sets_password_and_logs_in(app, client, csrf, login, make_user, db):
    login(make_user(Role.ORGANISER))
    response = client.post("/compte/inviter", data={
        "csrf_token": csrf("/compte/inviter"), "display_name": "Maître Dupont", "email": "dupont@avocats.fr",
        "role": "lawyer"})
    assert response.status_code == 302, page_html(response)
    invited = db.scalars(select(User).filter_by(email="dupont@avocats.fr")).one()
    assert invited.role is Role.LAWYER and invited.password_hash is None
    url = _link(_sent(app)[-1])
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    client.post(url, data={"csrf_token": csrf(url), "password": "une-autre-phrase-solide",
                           "password_confirm": "une-autre-phrase-solide"})
    db.refresh(invited)
    assert invited.is_confirmed and invited.password_hash


def test_logout_requires_post_with_csrf(client, login, make_user):
    login(make_user())
    assert client.get("/compte/deconnexion").status_code == 405
    assert client.post("/compte/deconnexion").status_code == 400
