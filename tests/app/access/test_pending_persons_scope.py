"""A resource person not validated yet, or refused, is named data of her region (``policy.may_decide_person``): the
CRA of her region reads her and decides her, a CRA of another region neither (its list, her page, her offer, the
forms that decide, its count of « personnes ressources à valider »), the national organisers read and decide every
region's. Once validated she is the national pool's: every CRA reads her page and the directory lists her."""

from __future__ import annotations

import html

import pytest

from app.access import policy
from app.refused import Refused
from app.resources import validation
from models import Offer, Organisation, OrganisationKind, Role, ValidationStatus

pytestmark = pytest.mark.web

NBSP = "\u00a0"


def _organiser(db, make_user, kind: OrganisationKind, region_code: str | None = None):
    user = make_user(Role.ORGANISER, region_code=region_code)
    user.organisation = Organisation(kind=kind, name=f"{kind.label} {region_code or ''}".strip(), region_code=region_code)
    db.commit()
    return user


@pytest.fixture
def scene(db, make_user, make_resource_person):
    """A CRA of Occitanie (76), Avise, and a person of each status in Occitanie and in Bretagne (53)."""
    people = {}
    for region, label in (("76", "Occitane"), ("53", "Bretonne")):
        for status in ValidationStatus:
            person = make_resource_person(region_code=region, status=status, user=make_user(
                Role.RESOURCE_PERSON, name=f"Camille {label} {status.value.capitalize()}"))
            people[region, status] = person
        db.add(Offer(resource_person=people[region, ValidationStatus.PENDING], title=f"Offre {label} en attente",
                     text="Ce que je transmets."))
    people["53", ValidationStatus.REFUSED].refusal_reason = "Hors du champ du TSF."
    db.commit()
    return {"cra": _organiser(db, make_user, OrganisationKind.CRA, "76"),
            "avise": _organiser(db, make_user, OrganisationKind.AVISE), "people": people}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_list_to_validate_names_the_cras_region_only(client, login, scene):
    login(scene["cra"])
    page = _text(client.get("/personnes-ressources/a-valider"))
    assert "Camille Occitane Pending" in page and "Offre Occitane en attente" in page
    assert "Bretonne" not in page
    assert f"1{NBSP}profil en attente dans votre région" in page


def test_avise_lists_and_counts_every_region(client, login, scene):
    login(scene["avise"])
    page = _text(client.get("/personnes-ressources/a-valider"))
    assert "Camille Occitane Pending" in page and "Camille Bretonne Pending" in page
    assert "dans votre région" not in page
    assert f"2{NBSP}personnes ressources à valider" in _text(client.get("/mon-espace"))


def test_another_regions_pending_or_refused_page_reads_as_missing_to_a_cra(client, login, scene):
    people = scene["people"]
    login(scene["cra"])
    for status in (ValidationStatus.PENDING, ValidationStatus.REFUSED):
        response = client.get(f"/personnes-ressources/{people['53', status].id}")
        page = _text(response)
        assert response.status_code == 404, status
        assert "Ce profil n'existe pas ou ne relève pas de votre région : vous suivez la région Occitanie." in page
        assert "Bretonne" not in page
        own = client.get(f"/personnes-ressources/{people['76', status].id}")
        assert own.status_code == 200 and "Camille Occitane" in _text(own)
    refused = _text(client.get(f"/personnes-ressources/{people['76', ValidationStatus.REFUSED].id}"))
    assert "Profil refusé" in refused


def test_another_regions_pending_offer_reads_as_missing_to_a_cra(client, login, scene):
    offer = scene["people"]["53", ValidationStatus.PENDING].offers[0]
    login(scene["cra"])
    for address in (f"/personnes-ressources/offres/{offer.id}", f"/personnes-ressources/offres/{offer.id}/modifier"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Offre Bretonne" not in _text(response)
    assert "n'existe pas ou ne relève pas de votre région" in _text(client.get(
        f"/personnes-ressources/offres/{offer.id}"))


def test_validated_persons_stay_the_national_pool(client, login, scene):
    """A mentor of Bretagne works for poles anywhere: the CRA of Occitanie reads her page and the directory."""
    login(scene["cra"])
    validated = scene["people"]["53", ValidationStatus.VALIDATED]
    assert client.get(f"/personnes-ressources/{validated.id}").status_code == 200
    assert "Camille Bretonne Validated" in _text(client.get("/personnes-ressources/"))


def test_a_cra_forging_the_decision_of_another_regions_person_is_refused(client, csrf, login, db, scene):
    people = scene["people"]
    login(scene["cra"])
    token = csrf("/personnes-ressources/a-valider")
    breton = people["53", ValidationStatus.PENDING]
    for action, data in (("valider", {}), ("refuser", {"reason": "Pas pour nous."})):
        response = client.post(f"/personnes-ressources/{breton.id}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == 404, action
        assert "ne relève pas de votre région" in _text(response)
    db.refresh(breton)
    assert breton.validation_status is ValidationStatus.PENDING
    occitan = people["76", ValidationStatus.PENDING]
    client.post(f"/personnes-ressources/{occitan.id}/valider", data={"csrf_token": token})
    db.refresh(occitan)
    assert occitan.validation_status is ValidationStatus.VALIDATED


def test_avise_decides_every_region(client, csrf, login, db, scene):
    login(scene["avise"])
    breton = scene["people"]["53", ValidationStatus.PENDING]
    client.post(f"/personnes-ressources/{breton.id}/valider", data={"csrf_token": csrf("/personnes-ressources/a-valider")})
    db.refresh(breton)
    assert breton.validation_status is ValidationStatus.VALIDATED


def test_the_service_refuses_a_cra_another_regions_decision(db, scene):
    breton = scene["people"]["53", ValidationStatus.PENDING]
    with pytest.raises(Refused, match="ne relève pas de votre région"):
        validation.validate(breton, organiser=scene["cra"])
    with pytest.raises(Refused, match="ne relève pas de votre région"):
        validation.refuse(breton, organiser=scene["cra"], reason="Pas pour nous.")
    db.refresh(breton)
    assert breton.validation_status is ValidationStatus.PENDING


def test_a_person_without_a_region_is_the_national_teams_to_decide(db, scene):
    """The model requires a region; should one be missing, no CRA decides her, the national organisers do."""
    assert not policy.may_decide_person(scene["cra"], region_code=None)
    assert not policy.may_decide_person(scene["cra"], region_code="")
    assert policy.may_decide_person(scene["avise"], region_code=None)
    person = scene["people"]["53", ValidationStatus.PENDING]
    assert policy.may_see_unvalidated_person(person.user, person_user_id=person.user_id, region_code=None)
