"""Requests of the wrong shape: a body over the size limit, a method a page does not take, HEAD and OPTIONS, a
trailing slash, languages a browser may ask for, a Host not the site's, the themes' JSON endpoint sent what is not
its JSON. Never a 500; an error is the site's French page, in its layout."""

from __future__ import annotations

import html
import json
import re

import pytest
from werkzeug.exceptions import default_exceptions

from models import Role
from tests.app.hostile.queries import ENGLISH
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

LAYOUT = ('<html lang="fr">', 'class="site-header"', 'class="site-footer"')


def _french_page(response, code: int, title: str) -> None:
    """``response`` is the site's error page ``code`` titled ``title``, in its layout, without English."""
    assert response.status_code == code, (response.status_code, response.get_data(as_text=True)[:300])
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html" and all(part in page for part in LAYOUT)
    assert f"<h1>{title}</h1>" in html.unescape(page)
    assert not ENGLISH.search(html.unescape(page)), ENGLISH.search(html.unescape(page))


@pytest.fixture
def facilitator(client, login, make_user, make_pole):
    login(make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux")))
    return client


# --------------------------------------------------------------------------- #
# Size, methods, slashes
# --------------------------------------------------------------------------- #


def test_the_size_limit_is_set():
    from config import Config

    assert Config.MAX_CONTENT_LENGTH == 2 * 1024 * 1024


@pytest.mark.parametrize("url", ["/compte/connexion", "/themes/suggestions", "/poles/nouveau"])
def test_a_body_over_the_limit_is_the_french_413_page(facilitator, url):
    token = extract_csrf(facilitator.get("/mon-espace").get_data(as_text=True))
    response = facilitator.post(url, data={"csrf_token": token, "text": "a" * (3 * 1024 * 1024)})
    _french_page(response, 413, "Envoi trop volumineux")
    raw = facilitator.post(url, data=b"{" + b" " * (3 * 1024 * 1024) + b"}", content_type="application/json",
                           headers={"X-CSRFToken": token})
    _french_page(raw, 413, "Envoi trop volumineux")


@pytest.mark.parametrize(("method", "url"), [
    ("POST", "/"), ("PUT", "/poles/"), ("DELETE", "/compte/connexion"), ("PATCH", "/mon-espace"),
    ("GET", "/themes/suggestions"), ("GET", "/compte/deconnexion"), ("TRACE", "/"),
])
def test_a_method_a_page_does_not_take_is_the_french_405_page(facilitator, method, url):
    response = facilitator.open(url, method=method)
    _french_page(response, 405, "Méthode non autorisée")
    assert response.headers["Allow"]


@pytest.mark.parametrize("url", ["/", "/poles/", "/compte/connexion", "/mon-espace", "/agenda"])
def test_head_and_options_answer_without_a_body_or_a_500(facilitator, url):
    head, get = facilitator.head(url), facilitator.get(url)
    assert head.status_code == get.status_code < 400 and head.get_data() == b""
    assert head.headers.get("Location") == get.headers.get("Location")
    options = facilitator.options(url)
    assert options.status_code == 200 and "GET" in options.headers["Allow"]


def test_a_trailing_slash_leads_to_the_page_or_to_the_french_404(client, make_pole):
    pole = make_pole("Pôle des Coteaux")
    moved = client.get("/poles")
    assert moved.status_code in (301, 308) and moved.headers["Location"].endswith("/poles/")
    _french_page(client.get(f"/poles/{pole.id}/"), 404, "Page introuvable")
    _french_page(client.get("/compte/connexion/"), 404, "Page introuvable")


@pytest.mark.parametrize("tail", ["-1", "0", "007", str(2**63), str(2**64 + 1), "1.0", "%D9%A3", "1e3", "%20"])
def test_odd_ids_in_the_path_are_the_french_404_or_the_page(client, make_pole, tail):
    make_pole("Pôle des Coteaux")
    response = client.get(f"/poles/{tail}")
    assert response.status_code in (200, 404), (tail, response.status_code)
    if response.status_code == 404:
        _french_page(response, 404, "Page introuvable")


# --------------------------------------------------------------------------- #
# Headers
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("language", ["en", "en-US,en;q=0.9", "de-DE", "*", "zz;q=abc", "fr-CA", "", "x" * 5000,
                                      "é;q=1"])
def test_every_language_asked_gets_the_french_site(client, language):
    response = client.get("/compte/connexion", headers={"Accept-Language": language})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and '<html lang="fr">' in page and "Se connecter" in page
    assert not ENGLISH.search(page)
    _french_page(client.get("/nulle-part", headers={"Accept-Language": language}), 404, "Page introuvable")


@pytest.mark.parametrize("host", ["evil.example", "entrepairs.test:99999", "[::1", "a" * 300, "entrepairs.test."])
def test_a_foreign_host_is_never_a_500(client, host):
    response = client.get("/", headers={"Host": host})
    assert response.status_code < 500
    if response.mimetype == "text/html" and response.status_code >= 400:
        assert '<html lang="fr">' in response.get_data(as_text=True)


# --------------------------------------------------------------------------- #
# The themes' JSON endpoint
# --------------------------------------------------------------------------- #

TEXT = {"title": "Modèle économique", "text": "Consolider notre modèle économique avec les collectivités."}


def _token(client) -> str:
    return extract_csrf(client.get("/mon-espace").get_data(as_text=True))


def test_suggestions_answer_json_or_form_data(facilitator):
    token = _token(facilitator)
    as_json = facilitator.post("/themes/suggestions", json=TEXT, headers={"X-CSRFToken": token})
    as_form = facilitator.post("/themes/suggestions", data={**TEXT, "csrf_token": token})
    assert as_json.status_code == as_form.status_code == 200
    assert as_json.get_json() == as_form.get_json() and "themes" in as_json.get_json()


@pytest.mark.parametrize("body", [
    b"{", b"", b"null", b"[]", b'["title", "text"]', b'"texte"', b"42", b'{"title": 1, "text": 2}',
    b'{"title": ["a"], "text": {"b": 1}}', b'{"title": null, "text": true}', b"\xff\xfe", b'{"title": "\\ud800"}',
    b'{"title": "a", "text": "b", "chosen": "culture"}', b'{"title": "a", "text": "b", "chosen": [1, null, {}]}',
    b"[" * 5000 + b"]" * 5000,
])
def test_suggestions_refuse_what_is_not_their_json_with_a_400(facilitator, body):
    response = facilitator.post("/themes/suggestions", data=body, content_type="application/json",
                                headers={"X-CSRFToken": _token(facilitator)})
    if response.status_code == 200:  # an object whose title and text are texts; what else it holds is ignored
        assert "themes" in response.get_json()
        assert isinstance(json.loads(body), dict) and body.startswith(b'{"title": "')
    else:
        _french_page(response, 400, "Requête invalide")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          "application/json; charset=latin-1", "application/xml"])
def test_suggestions_with_another_content_type_never_500(facilitator, content_type):
    response = facilitator.post("/themes/suggestions", data=json.dumps(TEXT).encode(), content_type=content_type,
                                headers={"X-CSRFToken": _token(facilitator)})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert '<html lang="fr">' in response.get_data(as_text=True)


@pytest.mark.parametrize("headers", [{}, {"X-CSRFToken": "faux"}, {"X-CSRFToken": ""}, {"X-CSRFToken": "x" * 5000}])
def test_suggestions_without_a_valid_token_are_refused_in_french(facilitator, headers):
    response = facilitator.post("/themes/suggestions", json=TEXT, headers=headers)
    _french_page(response, 400, "Formulaire expiré ou invalide")


def test_suggestions_of_a_huge_text_answer_quickly(facilitator):
    response = facilitator.post("/themes/suggestions", json={"title": "x" * 100_000, "text": "mot " * 400_000},
                                headers={"X-CSRFToken": _token(facilitator)})
    assert response.status_code in (200, 413)


# --------------------------------------------------------------------------- #
# Every error code: the site's French page
# --------------------------------------------------------------------------- #


def test_a_range_of_a_file_that_is_not_there_is_a_french_page(client):
    for value in ("bytes=999999-", "bytes=abc"):
        response = client.get("/static/css/site.css", headers={"Range": value})
        _french_page(response, 416, "Partie introuvable")


@pytest.mark.parametrize("code", sorted(code for code in default_exceptions if code != 500))
def test_every_http_error_has_a_french_page(app, code):
    with app.test_request_context("/"):
        response = app.make_response(app.handle_http_exception(default_exceptions[code]()))
    assert response.status_code == code
    page = html.unescape(response.get_data(as_text=True))
    assert all(part in page for part in LAYOUT) and not ENGLISH.search(page)
    title = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert title != default_exceptions[code].name and default_exceptions[code].description not in page
