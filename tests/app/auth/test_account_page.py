"""« Mon compte », the pages under /compte: reached from « Mon espace », the name and the address each in its own
form with its errors beside its fields, the link mailed to the new address opened signed in."""

from __future__ import annotations

import html
import re

import pytest

from app.auth.account import LINK_FOR_ANOTHER_ACCOUNT, SAME_ADDRESS
from app.mail import memory_outbox
from app.notifications.delivery import deliver_all_due
from app.ratelimit import TOO_MANY_ATTEMPTS
from app.typography import french_spacing
from tests.app.html_parts import page_html
from tests.conftest import PASSWORD, extract_csrf

pytestmark = pytest.mark.web

URL = "/compte/mon-compte"
OLD, NEW = "claire@pole-ancien.fr", "claire.martin@pole-nouveau.fr"
WRONG = "pas-le-bon-mot-de-passe"


def _sign_in(client, user) -> None:
    token = extract_csrf(page_html(client.get("/compte/connexion")))
    response = client.post("/compte/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _post(client, path: str, **data):
    token = extract_csrf(page_html(client.get(URL)))
    return client.post(URL + path, data={"csrf_token": token, **data})


def _error_of(page: str, name: str) -> str:
    match = re.search(rf'<p class="error-text" id="{name}-erreur">(.*?)</p>', page, re.S)
    return html.unescape(match.group(1)) if match else ""


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page)).replace("\u202f", " ").replace("\u00a0", " ")


def _link_path(app) -> str:
    deliver_all_due()
    [mail] = [m for m in memory_outbox(app) if m["To"] == NEW]
    match = re.search(r"http://entrepairs\.test(/compte/mon-compte/adresse/\S+)", mail.get_content())
    assert match
    return match.group(1)


def test_the_dashboard_links_to_the_page_which_needs_a_signed_in_user(client, make_user):
    assert client.get(URL).status_code == 302
    _sign_in(client, make_user(email=OLD, name="Claire Martin"))
    assert f'href="{URL}"' in page_html(client.get("/mon-espace"))
    page = page_html(client.get(URL))
    assert 'value="Claire Martin"' in page and OLD in _text(page)
    assert 'autocomplete="current-password"' in page and 'autocomplete="email"' in page


def test_a_new_name_is_saved_and_said_where_it_was_changed(client, db, make_user):
    user = make_user(name="Claire Martn")
    _sign_in(client, user)
    response = _post(client, "/nom", display_name="Claire\tMartin ")
    assert response.status_code == 302 and response.headers["Location"].endswith("/compte/mon-compte#nom")
    page = page_html(client.get(URL))
    assert 'class="flashes"' in page and "Votre nom est enregistré : « Claire Martin »." in _text(page)
    db.refresh(user)
    assert user.display_name == "Claire Martin"


@pytest.mark.parametrize("name, said", [("C", "au moins 2 caractères"), ("", "Indiquez votre nom."),
                                        ("Claire\x07", "caractères de contrôle")])
def test_a_refused_name_says_why_beside_its_field_and_in_the_summary(client, db, make_user, name, said):
    user = make_user(name="Claire Martin")
    _sign_in(client, user)
    page = page_html(_post(client, "/nom", display_name=name))
    assert said in _error_of(page, "display_name") and 'class="error-summary"' in page
    assert not _error_of(page, "new_email")
    db.refresh(user)
    assert user.display_name == "Claire Martin"


def test_a_new_address_is_asked_then_changed_by_the_link_opened_signed_in(app, client, db, make_user):
    user = make_user(email=OLD)
    _sign_in(client, user)
    response = _post(client, "/adresse", new_email=NEW, current_password=PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("#adresse")
    said = _text(page_html(client.get(URL)))
    assert f"Un e-mail part à l'adresse {NEW}" in said and f"votre adresse reste {OLD}" in said
    db.refresh(user)
    assert user.email == OLD
    response = client.get(_link_path(app))
    assert response.status_code == 302
    said = _text(page_html(client.get(URL)))
    assert f"L'adresse e-mail de votre compte est maintenant {NEW}" in said
    db.refresh(user)
    assert user.email == NEW
    other_browser = app.test_client()
    _sign_in(other_browser, user)  # with the new address now
    assert other_browser.get("/mon-espace").status_code == 200


def test_the_link_opened_signed_out_asks_to_sign_in_first(app, client, db, make_user):
    user = make_user(email=OLD)
    _sign_in(client, user)
    _post(client, "/adresse", new_email=NEW, current_password=PASSWORD)
    path = _link_path(app)
    other_browser = app.test_client()
    response = other_browser.get(path)
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
    db.refresh(user)
    assert user.email == OLD


def test_the_link_opened_by_another_account_is_refused_in_french(app, client, db, make_user):
    user = make_user(email=OLD)
    _sign_in(client, user)
    _post(client, "/adresse", new_email=NEW, current_password=PASSWORD)
    path = _link_path(app)
    stranger = app.test_client()
    _sign_in(stranger, make_user())
    assert stranger.get(path).status_code == 302
    assert LINK_FOR_ANOTHER_ACCOUNT in _text(page_html(stranger.get(URL)))
    db.refresh(user)
    assert user.email == OLD


def test_the_present_address_and_a_wrong_password_are_said_beside_their_fields(app, client, db, make_user):
    user = make_user(email=OLD)
    _sign_in(client, user)
    page = page_html(_post(client, "/adresse", new_email=OLD.upper(), current_password=WRONG))
    assert french_spacing(SAME_ADDRESS) in _error_of(page, "new_email")
    assert "Le mot de passe actuel n'est pas le bon." in _error_of(page, "current_password")
    assert WRONG not in page and not _error_of(page, "display_name")
    deliver_all_due()
    assert memory_outbox(app) == []


def test_a_malformed_address_is_refused_in_french(client, db, make_user):
    _sign_in(client, make_user(email=OLD))
    page = page_html(_post(client, "/adresse", new_email="claire@", current_password=PASSWORD))
    assert "Saisissez une adresse e-mail valide" in _error_of(page, "new_email")


def test_wrong_current_passwords_are_limited_like_the_login(client, db, make_user):
    _sign_in(client, make_user(email=OLD))
    for _ in range(5):
        assert _post(client, "/adresse", new_email=NEW, current_password=WRONG).status_code == 200
    response = _post(client, "/adresse", new_email=NEW, current_password=PASSWORD)
    assert response.status_code == 429
    assert french_spacing(TOO_MANY_ATTEMPTS) in _error_of(page_html(response), "current_password")


def test_the_forms_need_the_csrf_token(client, db, make_user):
    user = make_user(email=OLD, name="Claire Martin")
    _sign_in(client, user)
    client.post(URL + "/nom", data={"display_name": "Quelqu'un d'autre"})
    client.post(URL + "/adresse", data={"new_email": NEW, "current_password": PASSWORD})
    db.refresh(user)
    assert user.display_name == "Claire Martin" and user.email == OLD
