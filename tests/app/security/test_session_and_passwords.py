"""Session cookie flags, a fresh session at login, security headers, Argon2id and password strength."""

from __future__ import annotations

import pytest
from flask import g

from app import create_app
from app.auth.passwords import hash_password, password_problems, verify_password
from config import ProductionConfig, TestConfig
from tests.conftest import PASSWORD

pytestmark = pytest.mark.web


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return cookies[-1]


def test_session_cookie_httponly_and_samesite_lax(client, csrf, make_user):
    user = make_user()
    response = client.post("/compte/connexion", data={"csrf_token": csrf("/compte/connexion"),
                                                      "email": user.email, "password": PASSWORD})
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development/test over plain http


def test_session_cookie_secure_in_production(monkeypatch, app, database_url):
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    secure_app = create_app(TestConfig, DATABASE_URL=database_url, SERVER_NAME="entrepairs.test",
                            SESSION_COOKIE_SECURE=True)
    with secure_app.test_client() as client:
        response = client.get("/compte/connexion")  # the CSRF token is stored in the session
        cookie = _session_cookie(response)
        assert "Secure" in cookie and "HttpOnly" in cookie
        assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_login_starts_a_fresh_session(client, csrf, make_user):
    user = make_user()
    token = csrf("/compte/connexion")
    with client.session_transaction() as session:
        session["planted_by_attacker"] = "valeur"
        session["_user_id"] = "999:1"
    client.post("/compte/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted_by_attacker" not in session
        assert session["_user_id"] == user.get_id()


def test_logout_clears_the_session(client, login, csrf, make_user):
    login(make_user())
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/mon-espace").status_code == 302


def test_password_change_logs_out_other_sessions(app, client, login, db, make_user):
    from app.auth.services import set_password

    user = make_user()
    login(user)
    assert client.get("/mon-espace").status_code == 200
    set_password(user, "une-toute-nouvelle-phrase")
    # The test client shares the fixture's app context, hence ``g``: drop Flask-Login's cached
    # user so the next request loads it from the session cookie, as a real request would.
    g.pop("_login_user", None)
    assert client.get("/mon-espace").status_code == 302


def test_error_pages_carry_security_headers(client):
    response = client.get("/page-qui-n-existe-pas")
    assert response.status_code == 404
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_password_hash_is_argon2id_and_salted():
    first, second = hash_password("une phrase solide"), hash_password("une phrase solide")
    assert first.startswith("$argon2id$") and first != second
    assert verify_password(first, "une phrase solide")
    assert not verify_password(first, "une phrase solidE")


def test_the_site_hashes_at_argon2s_recommended_costs():
    # The test users' shared hash is made lighter (tests/conftest.py); the site's own must not be.
    assert "$m=65536,t=3,p=4$" in hash_password("une phrase solide")


@pytest.mark.parametrize("stored", [None, "", "texte-en-clair", "$argon2id$abîmé", "$2b$12$bcryptquelconque"])
def test_verify_password_refuses_missing_or_broken_hashes(stored):
    assert verify_password(stored, "texte-en-clair") is False


@pytest.mark.parametrize(("password", "email", "expected"), [
    ("court", "", "au moins 10 caractères"),
    ("AZERTYUIOP", "", "trop courant"),
    ("abababababab", "", "caractères différents"),
    ("claire.martin-2024", "claire.martin@pole.fr", "adresse e-mail"),
])
def test_password_problems_in_french(password, email, expected):
    assert any(expected in problem for problem in password_problems(password, email=email))


def test_password_problems_accepts_a_good_passphrase():
    assert password_problems("cheval agrafe batterie correcte", email="claire@pole.fr") == []
