"""A form refused for its CSRF token (the session ended while it was open): what was typed is shown back to copy,
never a password, and the way back to the form leads through the sign-in."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.form_expired import typed_texts
from models import Need, Role
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

TITLE = "Pérenniser le poste d'animation"
TEXT = "Notre poste d'animation dépend d'une subvention qui s'arrête en juin : comment avez-vous fait ?"


def test_a_need_written_while_signed_out_in_another_tab_is_shown_back_with_the_way_back(
        client, csrf, login, make_user, make_pole, db):
    """She wrote her need for twenty minutes; meanwhile « Se déconnecter » in another tab ended the session. The page
    said « Rechargez la page et réessayez » (the reload posts again, refused again) and her text was lost."""
    pole = make_pole("Pôle des Coteaux")
    login(make_user(Role.FACILITATOR, pole=pole))
    form_url = f"/poles/{pole.id}/besoins/nouveau"
    token = extract_csrf(client.get(form_url).get_data(as_text=True))
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})  # the other tab
    response = client.post(form_url, headers={"Referer": f"http://entrepairs.test{form_url}"}, data={
        "csrf_token": token, "title": TITLE, "text": TEXT, "kind": "any", "urgency": "2"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and "Votre session a pris fin" in page
    assert [t for t in re.findall(r"<textarea[^>]*readonly[^>]*>(.*?)</textarea>", page, re.S)] == [TITLE, TEXT]
    assert f'href="/compte/connexion?next={form_url}"' in page
    assert db.scalar(select(func.count(Need.id))) == 0


def test_a_signed_in_person_is_led_back_to_the_form_and_a_foreign_referer_is_not_followed(client, login, make_user):
    login(make_user(Role.FACILITATOR))
    response = client.post("/compte/mon-compte/nom", headers={"Referer": "http://entrepairs.test/compte/mon-compte"},
                           data={"csrf_token": "vieux-jeton", "display_name": "Claire Martin-Dupuis"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="/compte/mon-compte">Rouvrir le formulaire' in page
    elsewhere = client.post("/compte/mon-compte/nom", headers={"Referer": "https://ailleurs.example/piege"},
                            data={"csrf_token": "vieux-jeton", "display_name": "Claire"})
    assert "ailleurs.example" not in elsewhere.get_data(as_text=True)


def test_typed_texts_are_the_words_typed_never_a_password_nor_the_forms_machinery():
    sent = MultiDict([
        ("csrf_token", "x" * 40), ("idempotency_key", "k" * 32), ("opened_on", "2026-12-07T10:00:00 abc def"),
        ("title", f"  {TITLE} "), ("kind", "any"), ("region_code", "76"), ("themes", "gouvernance"),
        ("current_password", "une phrase secrète"), ("password", "autre phrase secrète"),
        ("text", TEXT), ("copy", TEXT), ("start_date", "2026-12-31"),
    ])
    assert typed_texts(sent) == [TITLE, TEXT]
