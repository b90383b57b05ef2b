"""« Changer mon mot de passe », the page under /compte: reached from « Mon espace », every error at once."""

from __future__ import annotations

import re

import pytest

from app.auth.passwords import verify_password
from app.mail import memory_outbox
from app.notifications.delivery import deliver_all_due
from app.ratelimit import TOO_MANY_ATTEMPTS
from app.typography import french_spacing
from tests.conftest import PASSWORD, extract_csrf
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web

URL = "/compte/mot-de-passe"
NEW = "un-autre-mot-de-passe-solide"
WRONG = "pas-le-bon-mot-de-passe"


def _sign_in(client, user) -> None:
    token = extract_csrf(page_html(client.get("/compte/connexion")))
    response = client.post("/compte/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _change(client, current=PASSWORD, new=NEW, confirm=None, **extra):
    token = extract_csrf(page_html(client.get(URL)))
    return client.post(URL, data={"csrf_token": token, "current_password": current, "password": new,
                                  "password_confirm": new if confirm is None else confirm}, **extra)


def _nothing_typed_echoed(page: str) -> bool:
    inputs = re.findall(r'<input[^>]*type="password"[^>]*>', page)
    return len(inputs) == 3 and all(re.findall(r'value="([^"]*)"', tag) in ([], [""]) for tag in inputs)


def _error_of(page: str, name: str) -> str:
    match = re.search(rf'<p class="error-text" id="{name}-erreur">(.*?)</p>', page, re.S)
    return match.group(1) if match else ""


def test_the_dashboard_links_to_the_page_which_needs_a_signed_in_user(client, make_user):
    assert client.get(URL).status_code == 302
    _sign_in(client, make_user())
    assert f'href="{URL}"' in page_html(client.get("/mon-espace"))
    page = page_html(client.get(URL))
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page


def test_a_change_keeps_this_session_ends_the_others_and_mails_the_owner(app, client, db, make_user):
    user = make_user()
    other_device = app.test_client()
    _sign_in(client, user)
    _sign_in(other_device, user)
    response = _change(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/mon-espace")
    page = client.get("/mon-espace")
    assert page.status_code == 200 and "Votre mot de passe est changé." in page_html(page)
    assert other_device.get("/mon-espace").status_code == 302  # signed out there
    db.refresh(user)
    assert verify_password(user.password_hash, NEW)
    deliver_all_due()
    [mail] = memory_outbox(app)
    assert mail["To"] == user.email and "Votre mot de passe a été changé" in mail["Subject"]
    assert "/compte/mot-de-passe-oublie" in mail.get_content()


def test_a_wrong_current_password_says_so_beside_its_field_with_the_other_errors(client, db, make_user):
    user = make_user()
    _sign_in(client, user)
    response = _change(client, current=WRONG, new="court", confirm="autre")
    page = page_html(response)
    assert response.status_code == 200
    assert french_spacing("Le mot de passe actuel n'est pas le bon.").replace("'", "&#39;") in _error_of(
        page, "current_password")
    assert "au moins 10 caractères" in _error_of(page, "password")
    assert "ne sont pas identiques" in _error_of(page, "password_confirm")
    assert _nothing_typed_echoed(page) and WRONG not in page
    db.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize(("new", "confirm", "field", "message"), [
    (NEW, "un-autre-mot-de-passe-solidE", "password_confirm", "Les deux mots de passe ne sont pas identiques."),
    ("court", "court", "password", "Le mot de passe doit contenir au moins 10 caractères."),
])
def test_a_refused_new_password_changes_nothing(client, db, make_user, new, confirm, field, message):
    user = make_user()
    _sign_in(client, user)
    page = page_html(_change(client, new=new, confirm=confirm))
    assert message in _error_of(page, field) and not _error_of(page, "current_password")
    assert _nothing_typed_echoed(page)
    db.refresh(user)
    assert verify_password(user.password_hash, PASSWORD) and user.session_version == 1


def test_the_new_password_may_not_repeat_the_address(client, db, make_user):
    _sign_in(client, make_user(email="claire.martin@pole.fr"))
    page = page_html(_change(client, new="claire.martin-2026"))
    assert "ne doit pas reprendre votre adresse e-mail" in _error_of(page, "password")


def test_wrong_current_passwords_are_limited_like_the_login(client, db, make_user):
    user = make_user()
    _sign_in(client, user)
    for _ in range(5):
        assert _change(client, current=WRONG).status_code == 200
    response = _change(client)  # the right one, too late
    assert response.status_code == 429
    assert french_spacing(TOO_MANY_ATTEMPTS) in _error_of(page_html(response), "current_password")
    db.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_the_change_needs_the_csrf_token(client, db, make_user):
    user = make_user()
    _sign_in(client, user)
    response = client.post(URL, data={"current_password": PASSWORD, "password": NEW, "password_confirm": NEW})
    assert response.status_code in (200, 400)
    db.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
