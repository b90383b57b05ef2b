"""Behind a reverse proxy the login limiter counts the client's IP, never one a client chose."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.extensions import db as db_ext
from config import TestConfig
from models import LoginAttempt
from tests.conftest import PASSWORD, extract_csrf

pytestmark = pytest.mark.web

PROXY = "10.0.0.2"  # what every request's REMOTE_ADDR is behind nginx


@pytest.fixture
def client_with_hops(app: Flask, database_url: str) -> Iterator[Callable[[int], FlaskClient]]:
    """A test client of an app built with ``PROXY_FIX_HOPS=hops`` and a limit of 2 failures per IP."""
    built: list[Flask] = []

    def make(hops: int) -> FlaskClient:
        application = create_app(TestConfig, DATABASE_URL=database_url, SERVER_NAME="entrepairs.test",
                                 PROXY_FIX_HOPS=hops, LOGIN_MAX_FAILURES_PER_IP=2)
        built.append(application)
        return application.test_client()

    yield make
    for application in built:
        with application.app_context():
            db_ext.engine.dispose()


def _login(client: FlaskClient, email: str, password: str, forwarded_for: str) -> int:
    headers = {"X-Forwarded-For": forwarded_for}
    environ = {"REMOTE_ADDR": PROXY}
    page = client.get("/compte/connexion", headers=headers, environ_base=environ)
    response = client.post("/compte/connexion", headers=headers, environ_base=environ,
                           data={"csrf_token": extract_csrf(page.get_data(as_text=True)),
                                 "email": email, "password": password})
    return response.status_code


def _ip_keys(db) -> set[str]:
    return {key for key in db.scalars(select(LoginAttempt.key)) if key.startswith("ip:")}


def test_behind_one_proxy_each_forwarded_client_is_counted_apart(client_with_hops, db, make_user):
    client = client_with_hops(1)
    user = make_user()
    for n in range(2):
        assert _login(client, f"inconnu{n}@exemple.fr", "mauvais-mot-de-passe", "203.0.113.7") == 200
    assert _ip_keys(db) == {"ip:203.0.113.7"}
    assert _login(client, user.email, PASSWORD, "203.0.113.7") == 429
    assert _login(client, user.email, PASSWORD, "203.0.113.8") == 302


def test_behind_one_proxy_only_the_address_it_appended_counts(client_with_hops, db):
    """A client's own X-Forwarded-For comes first; nginx appends the real address last."""
    client = client_with_hops(1)
    for n in range(2):
        _login(client, f"inconnu{n}@exemple.fr", "mauvais-mot-de-passe", f"198.51.100.{n}, 203.0.113.7")
    assert _ip_keys(db) == {"ip:203.0.113.7"}


def test_without_proxy_forwarded_for_is_ignored(client_with_hops, db, make_user):
    client = client_with_hops(0)
    user = make_user()
    for n in range(2):
        assert _login(client, f"inconnu{n}@exemple.fr", "mauvais-mot-de-passe", f"203.0.113.{n}") == 200
    assert _ip_keys(db) == {f"ip:{PROXY}"}
    assert _login(client, user.email, PASSWORD, "203.0.113.99") == 429  # a new spoofed IP gets no fresh quota


def test_negative_proxy_hops_refused(app: Flask, database_url: str) -> None:
    with pytest.raises(RuntimeError, match="PROXY_FIX_HOPS"):
        create_app(TestConfig, DATABASE_URL=database_url, PROXY_FIX_HOPS=-1)


def _sent_from(client: FlaskClient, page_address: str) -> int:
    page = client.get("/compte/connexion", base_url="https://entrepairs.test")
    return client.post("/compte/connexion", base_url="https://entrepairs.test", headers={"Referer": page_address},
                       data={"csrf_token": extract_csrf(page.get_data(as_text=True)), "email": "ops@example.org",
                             "password": "x"}).status_code


def test_a_form_refused_because_the_proxy_hides_the_host_says_so_in_the_log(app, client, caplog):
    # Before: nginx without « proxy_set_header Host » sends its upstream's name; over HTTPS Flask-WTF refuses every
    # form (the page's address is not the Host) and the operator read nothing but « Formulaire expiré » pages.
    app.config["PUBLIC_BASE_URL"] = "https://entrepairs.example.org"
    with caplog.at_level("WARNING", logger="app"):
        assert _sent_from(client, "https://entrepairs.example.org/compte/connexion") == 400
    assert ("Formulaire refusé : la page vient de entrepairs.example.org mais la requête arrive pour l'hôte "
            "entrepairs.test.") in caplog.text
    assert "proxy_set_header Host $http_host;" in caplog.text


def test_a_form_sent_from_another_site_is_refused_without_a_word_in_the_log(app, client, caplog):
    app.config["PUBLIC_BASE_URL"] = "https://entrepairs.example.org"
    with caplog.at_level("WARNING", logger="app"):
        assert _sent_from(client, "https://autre-site.example/formulaire") == 400
    assert "Formulaire refusé" not in caplog.text


def test_an_expired_form_on_the_right_host_writes_nothing_to_the_log(client, caplog):
    with caplog.at_level("WARNING", logger="app"):
        refused = client.post("/compte/connexion", base_url="https://entrepairs.test",
                              headers={"Referer": "https://entrepairs.test/compte/connexion"},
                              data={"csrf_token": "périmé", "email": "ops@example.org", "password": "x"})
    assert refused.status_code == 400 and "Formulaire refusé" not in caplog.text
