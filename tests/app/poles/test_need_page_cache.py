"""The need page is kept per version (app/fragments.py): served again without rendering, never stale,
never another session's CSRF token, access checked on every request."""

from __future__ import annotations

import re
import pytest

from app.fragments import CSRF_SLOT
from models import NeedKind, Role
from tests.conftest import PASSWORD, extract_csrf

pytestmark = pytest.mark.web


@pytest.fixture
def page(coordination_need):
    need = coordination_need
    return {"pole": need.pole, "facilitator": need.author, "need": need, "url": f"/besoins/{need.id}"}


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', html))


def _token_masked(html: str) -> str:
    """The page with its CSRF tokens masked: each is signed with the second it is written in (Flask-WTF's timed
    token), so a page kept and served again one second later carries another one, rightly."""
    return re.sub(r'(name="csrf_token" value=")[^"]+', r"\1…", html)


def test_a_page_seen_again_is_not_rendered_again(client, login, page, renders):
    login(page["facilitator"])
    client.get(page["url"])  # shows the welcome message: not kept
    first = client.get(page["url"]).get_data(as_text=True)
    renders.clear()
    again = client.get(page["url"]).get_data(as_text=True)
    assert renders == [] and _token_masked(again) == _token_masked(first) and CSRF_SLOT not in again


def test_the_kept_page_follows_changes_of_the_need_and_the_pole(client, login, db, page):
    login(page["facilitator"])
    client.get(page["url"])  # the welcome message: not kept
    client.get(page["url"])  # kept
    page["need"].title = "Pérenniser le poste de coordination"
    db.commit()
    assert "Pérenniser le poste de coordination" in client.get(page["url"]).get_data(as_text=True)
    page["pole"].name = "Pôle des Coteaux et des Vallées"
    db.commit()
    assert "Pôle des Coteaux et des Vallées" in client.get(page["url"]).get_data(as_text=True)


def test_each_session_gets_its_own_csrf_token(app, login, page, make_user):
    other = app.test_client()
    pages = []
    for client in (app.test_client(), other):
        token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
        client.post("/compte/connexion", data={"csrf_token": token, "email": page["facilitator"].email,
                                               "password": PASSWORD})
        client.get(page["url"])  # shows the welcome message: not kept
        pages.append(client.get(page["url"]).get_data(as_text=True))
    first, second = (_tokens(html) for html in pages)
    assert len(first) == 1 and len(second) == 1 and first != second  # same viewer, same kept page
    status = other.post("/compte/deconnexion", data={"csrf_token": second.pop()}).status_code
    assert status == 302  # the token filled in is valid for that session


def test_flash_messages_are_shown_once_and_never_kept(client, login, csrf, page):
    login(page["facilitator"])
    client.get(page["url"])
    url = f"/besoins/{page['need'].id}/modifier"
    response = client.post(url, data={"csrf_token": csrf(url), "title": "Financer la coordination",
                                      "text": page["need"].text, "kind": "transfer", "urgency": "2"},
                           follow_redirects=True)
    shown = response.get_data(as_text=True)
    assert 'class="flash' in shown
    assert 'class="flash' not in client.get(page["url"]).get_data(as_text=True)


def test_access_is_checked_on_every_request(client, login, db, page, make_user, make_pole):
    login(make_user(Role.FACILITATOR, pole=make_pole("Pôle voisin")))
    assert client.get(page["url"]).status_code == 200
    page["pole"].public_listing = False
    db.commit()
    response = client.get(page["url"])
    assert response.status_code == 404 and "Financer le poste" not in response.get_data(as_text=True)


def test_legal_questions_are_rendered_on_each_request(client, login, db, page, renders):
    page["need"].kind = NeedKind.LEGAL
    db.commit()
    login(page["facilitator"])
    client.get(page["url"])
    renders.clear()
    client.get(page["url"])
    assert "poles/need.html" in renders  # its next free slot changes with every booking
