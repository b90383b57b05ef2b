"""Resource persons: profile, offers, directory, ownership."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Offer, ResourcePerson, Role

pytestmark = pytest.mark.web


def _profile_data(token: str, **overrides) -> dict:
    data = {"csrf_token": token, "headline": "Ancienne directrice d'un pôle consolidé",
            "employer": "Coopérative Oxalis", "bio": "", "region_code": "53", "departement_code": "29",
            "pole_id": "", "yearly_capacity": "2", "mobility": "both", "availability": "Les jeudis"}
    data.update(overrides)
    return data


def test_resource_person_publishes_profile_and_offer(client, csrf, login, make_user, db):
    user = make_user(Role.RESOURCE_PERSON)
    login(user)
    assert client.get("/personnes-ressources/offres/nouvelle").status_code == 302  # profile first
    response = client.post("/personnes-ressources/mon-profil",
                           data=_profile_data(csrf("/personnes-ressources/mon-profil")))
    assert response.status_code == 302
    profile = db.scalars(select(ResourcePerson)).one()
    assert profile.user_id == user.id and profile.yearly_capacity == 2
    url = "/personnes-ressources/offres/nouvelle"
    response = client.post(url, data={
        "csrf_token": csrf(url), "title": "Structurer une SCIC multi-acteurs",
        "text": "J'ai accompagné la transformation de notre association en SCIC avec des collectivités.",
        "themes": ["statuts_cooperatifs", "gouvernance_cooperative"]})
    assert response.status_code == 302
    offer = db.scalars(select(Offer)).one()
    assert sorted(t.code for t in offer.themes) == ["gouvernance_cooperative", "statuts_cooperatifs"]
    page = client.get("/personnes-ressources/?theme=statuts_cooperatifs").get_data(as_text=True)
    # A new profile waits for an organiser before it is listed (see test_validation.py).
    assert "Structurer une SCIC multi-acteurs" not in page
    assert "attend la validation" in client.get(f"/personnes-ressources/{profile.id}").get_data(as_text=True)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("yearly_capacity", "13", "entre 0 et 12"),
    ("yearly_capacity", "deux", "Not a valid integer"),
    ("departement_code", "75", "pas dans la région"),
    ("region_code", "99", "Not a valid choice"),
])
def test_profile_bad_input_french_message(client, csrf, login, make_user, db, field, value, message):
    login(make_user(Role.RESOURCE_PERSON))
    page = client.post("/personnes-ressources/mon-profil",
                       data=_profile_data(csrf("/personnes-ressources/mon-profil"), **{field: value}))
    text = page.get_data(as_text=True)
    assert "Not a valid" not in text
    assert db.scalar(select(func.count()).select_from(ResourcePerson)) == 0
    if "Not a valid" not in message:
        assert message in text


def test_offer_edit_by_someone_else_forbidden(client, login, make_user, make_resource_person, db):
    owner = make_resource_person()
    offer = Offer(resource_person=owner, title="Offre de test", text="y" * 40)
    db.add(offer)
    db.commit()
    login(make_user(Role.RESOURCE_PERSON))
    assert client.get(f"/personnes-ressources/offres/{offer.id}/modifier").status_code == 403


def test_withdrawn_offer_hidden_from_others(client, make_resource_person, db):
    offer = Offer(resource_person=make_resource_person(), title="Offre retirée", text="y" * 40, active=False)
    db.add(offer)
    db.commit()
    assert client.get(f"/personnes-ressources/offres/{offer.id}").status_code == 404


def test_facilitator_cannot_create_resource_profile(client, login, make_user):
    login(make_user(Role.FACILITATOR))
    assert client.get("/personnes-ressources/mon-profil").status_code == 403
