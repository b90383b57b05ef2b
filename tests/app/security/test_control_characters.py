"""Control characters, blank texts and numbers that are not numbers at the edge: a French refusal, never a
500 nor an empty card.

A NUL byte reaches PostgreSQL as an error ("A string literal cannot contain NUL"): without the guards the
NUL tests fail on PostgreSQL with a 500; the blank-text and NaN tests fail on both databases.
"""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from app.typography import french_spacing
from app.number_fields import NOT_A_NUMBER
from app.legal import services as legal_services
from app.poles import services as pole_services
from app.text_rules import CONTROL_MESSAGE, EMPTY_MESSAGE
from models import BatchRun, Need, Offer, Role
from tests.app.security.routes import client_as, rules, url_for_rule
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("role", [None, Role.ADMIN], ids=["anonyme", "admin"])
def test_every_get_route_refuses_control_characters_in_the_query_string(app, db, world, role):
    client = client_as(app, world, role)
    checked = 0
    for rule in rules(app, {"GET"}):
        if rule.endpoint == "static":
            continue
        url = url_for_rule(rule, world)
        for query in ("q=abc%00def", "region=%1b", "a%00=1"):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 400, (url, query, response.status_code)
            assert "caractères invisibles" in _text(response)
            db.rollback()
            checked += 1
    assert checked >= 45


def test_directory_search_with_nul_is_refused_and_plain_search_works(client, make_pole):
    make_pole("Pôle des Coteaux")
    assert client.get("/poles/?q=abc%00def").status_code == 400
    assert client.get("/poles/%00").status_code in (400, 404)
    response = client.get("/poles/?q=Coteaux")
    assert response.status_code == 200 and "Pôle des Coteaux" in _text(response)


def test_nul_in_a_form_field_is_a_french_error_beside_the_field(client, login, make_user, make_pole, db):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    response = client.post(url, data={"csrf_token": extract_csrf(client.get(url).get_data(as_text=True)),
                                      "title": "Financer\x00 la coordination",
                                      "text": "Le poste de coordination\x00 dépend d'une seule subvention.",
                                      "kind": "any", "urgency": "2"})
    assert response.status_code == 200
    assert _text(response).count(french_spacing(CONTROL_MESSAGE)) >= 2
    assert db.scalar(select(func.count()).select_from(Need)) == 0


def test_a_need_of_spaces_is_not_published(client, login, make_user, make_pole, db):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    response = client.post(url, data={"csrf_token": extract_csrf(client.get(url).get_data(as_text=True)),
                                      "title": " " * 10, "text": " " * 60, "kind": "any", "urgency": "2"})
    assert response.status_code == 200
    page = _text(response)
    assert page.count(EMPTY_MESSAGE) >= 2 and "publié" not in page
    assert db.scalar(select(func.count()).select_from(Need)) == 0


def test_a_need_with_line_breaks_and_surrounding_spaces_is_stored_stripped(client, login, make_user, make_pole, db):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    response = client.post(url, data={"csrf_token": extract_csrf(client.get(url).get_data(as_text=True)),
                                      "title": "   Financer la coordination   ",
                                      "text": "Le poste de coordination\r\n\tdépend d'une seule subvention.  ",
                                      "kind": "any", "urgency": "2"})
    assert response.status_code == 302
    need = db.scalars(select(Need)).one()
    assert need.title == "Financer la coordination"
    assert need.text.startswith("Le poste de coordination") and need.text.endswith("subvention.")


def test_an_offer_of_punctuation_is_not_published(client, login, make_resource_person, db):
    person = make_resource_person()
    login(person.user)
    url = "/personnes-ressources/offres/nouvelle"
    response = client.post(url, data={"csrf_token": extract_csrf(client.get(url).get_data(as_text=True)),
                                      "title": ". . . . . .", "text": "-" * 40})
    assert response.status_code == 200
    assert _text(response).count(EMPTY_MESSAGE) >= 2
    assert db.scalar(select(func.count()).select_from(Offer)) == 0


def test_services_refuse_blank_texts_too(db, make_user, make_pole, make_lawyer, make_slot):
    pole = make_pole()
    author = make_user(Role.FACILITATOR, pole=pole)
    with pytest.raises(pole_services.PoleError, match="« Titre du besoin » doit contenir des lettres"):
        pole_services.save_need(None, pole=pole, author=author,
                                data={"title": " " * 10, "text": " " * 60, "kind": "any", "urgency": "2"})
    db.rollback()
    with pytest.raises(pole_services.PoleError, match="« Nom du pôle »"):
        pole_services.create_pole(creator=author, data={"name": "   ", "region_code": "53", "maturity": "emergent"})
    db.rollback()
    slot = make_slot(make_lawyer())
    with pytest.raises(legal_services.BookingError, match="« Votre question juridique »"):
        legal_services.book_slot(slot_id=slot.id, booker=author, question=" ?!? " * 5, idempotency_key="k" * 32)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Need)) == 0


@pytest.mark.parametrize("value", ["sNaN", "NaN", "inf", "-Infinity"])
def test_batch_run_with_a_score_that_is_not_a_number_is_refused(client, world, db, value):
    client = client_as(client.application, world, Role.ORGANISER)
    token = extract_csrf(client.get("/organisation/tsf/").get_data(as_text=True))
    response = client.post("/organisation/tsf/calculs", data={"csrf_token": token, "min_score": value})
    assert response.status_code == 400
    assert NOT_A_NUMBER in _text(response)
    assert db.scalar(select(func.count()).select_from(BatchRun)) == 0
