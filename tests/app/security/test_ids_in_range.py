"""Ids out of the database's integer range: 404 in a URL, a French form error in a field, never a 500.

PostgreSQL refuses a bound value above 2,147,483,647 for an ``integer`` column ("integer out of
range"); SQLite does not, so the route sweep passes there either way and fails on PostgreSQL
without the bounded converter.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from app.ids import MAX_ID, parse_id
from models import Role
from tests.app.security.routes import PARAM_VALUES, client_as, default_value, rules
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

HUGE = (MAX_ID + 1, 99999999999999999999)


def _int_rules(app):
    return [rule for rule in rules(app, {"GET", "POST"})
            if any(isinstance(rule._converters[name], IntegerConverter) for name in rule.arguments)]


def _url_with(rule, world, name, value) -> str:
    """The crawler's URL for ``rule``, with ``value`` for the argument ``name``."""
    values = {other: PARAM_VALUES[other](world) if other in PARAM_VALUES
              else default_value(world, other, type(rule._converters[other]).__name__) for other in rule.arguments}
    return rule.build({**values, name: value}, append_unknown=False)[1]


@pytest.mark.parametrize("role", [None, Role.ADMIN], ids=["anonyme", "admin"])
def test_every_int_route_answers_404_for_an_out_of_range_id(app, db, world, role):
    client = client_as(app, world, role)
    token = extract_csrf(client.get("/compte/connexion" if role is None else "/mon-espace").get_data(as_text=True))
    checked = 0
    for rule in _int_rules(app):
        method = "GET" if "GET" in rule.methods else "POST"
        for name in rule.arguments:
            if not isinstance(rule._converters[name], IntegerConverter):
                continue
            for huge in HUGE:
                url = _url_with(rule, world, name, huge)
                response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
                assert response.status_code == 404, (url, method, response.status_code,
                                                     response.get_data(as_text=True)[:300])
                db.rollback()
                checked += 1
    assert checked >= 40


def test_in_range_ids_still_route(client, make_pole):
    pole = make_pole("Pôle visible")
    assert client.get(f"/poles/{pole.id}").status_code == 200
    assert client.get(f"/poles/{MAX_ID}").status_code == 404


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", 12), (" 7 ", 7), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("99999999999999999999", None),
    ("-1", None), ("0", None), ("", None), (None, None), ("1e3", None), ("abc", None), ("1\x002", None),
    (5, 5), (MAX_ID + 1, None),
])
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected


# --------------------------------------------------------------------------- #
# Id-carrying form fields
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("huge", [str(h) for h in HUGE])
def test_transfer_request_with_huge_ids_is_404(client, login, make_user, make_pole, huge):
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    assert client.get(f"/transferts/demander?need_id={huge}&resource_person_id={huge}").status_code == 404
    token = extract_csrf(client.get("/mon-espace").get_data(as_text=True))
    response = client.post("/transferts/demander", data={"csrf_token": token, "need_id": huge,
                                                         "resource_person_id": huge, "offer_id": huge})
    assert response.status_code == 404


@pytest.mark.parametrize("huge", [str(h) for h in HUGE])
def test_proposal_with_huge_ids_is_refused(client, login, make_user, world, huge):
    login(world.users[Role.ORGANISER])
    assert client.get(f"/organisation/tsf/proposer?need_id={huge}").status_code == 404
    response = client.get(f"/organisation/tsf/proposer?need_id={world.need.id}&resource_person_id={huge}"
                          f"&offer_id={huge}")
    assert response.status_code == 400
    assert f"Aucune personne ressource active ne porte le n°\u00a0{huge}." in response.get_data(as_text=True)
    response = client.get(f"/organisation/tsf/proposer?need_id={world.need.id}"
                          f"&resource_person_id={world.person.id}&offer_id={huge}")
    assert response.status_code < 500


@pytest.mark.parametrize("huge", [str(h) for h in HUGE])
def test_forbid_form_with_huge_ids_says_why_in_french(client, world, huge):
    client = client_as(client.application, world, Role.ORGANISER)
    token = extract_csrf(client.get("/organisation/tsf/").get_data(as_text=True))
    response = client.post("/organisation/tsf/interdire", data={
        "csrf_token": token, "need_id": huge, "resource_person_id": huge}, follow_redirects=True)
    assert response.status_code == 400  # the console again, the error beside each field (both typed)
    assert response.get_data(as_text=True).count('class="error-text"') >= 2


@pytest.mark.parametrize("huge", [str(h) for h in HUGE])
def test_legal_booking_with_huge_slot_id_is_refused(client, login, world, huge):
    login(world.users[Role.FACILITATOR])
    token = extract_csrf(client.get("/mon-espace").get_data(as_text=True))
    for url in ("/juri-ptce/reserver", "/juri-ptce/liste-attente"):
        response = client.post(url, data={"csrf_token": token, "slot_id": huge,
                                          "question": "Comment rédiger les statuts de notre SCIC ?",
                                          "idempotency_key": "k" * 32})
        assert response.status_code == 400, (url, response.status_code)


@pytest.mark.parametrize("huge", [str(h) for h in HUGE])
def test_visit_pages_with_huge_host_id_do_not_fail(client, world, huge):
    client = client_as(client.application, world, Role.ORGANISER)
    for url in (f"/organisation/visites/nouvelle?hote={huge}&theme={huge}",
                f"/organisation/visites/theme?q=gouvernance+partagee&hote={huge}"):
        assert client.get(url).status_code < 500, url


def test_id_field_message_is_french(app):
    from app.form_fields import FrenchForm, IdField

    class Form(FrenchForm):
        class Meta(FrenchForm.Meta):
            csrf = False

        thing_id = IdField("Numéro")

    from werkzeug.datastructures import MultiDict

    form = Form(MultiDict({"thing_id": "99999999999999999999"}))
    assert not form.validate()
    assert form.thing_id.data is None
    assert form.thing_id.errors == ["Ce numéro n'existe pas."]
    form = Form(MultiDict({"thing_id": "42"}))
    assert form.validate() and form.thing_id.data == 42
