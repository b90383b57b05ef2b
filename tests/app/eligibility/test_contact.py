"""A pole not (yet) known to be eligible is told whom to write to: its region's CRA, else Avise."""

from __future__ import annotations

from html import unescape

import pytest

from models import CharterVersion, Organisation, OrganisationKind, PoleEligibility, Role

pytestmark = pytest.mark.web


@pytest.fixture
def organisations(db, make_user):
    """Avise and the CRA of Auvergne-Rhône-Alpes, each with an organiser; a deactivated one is never given."""
    avise = Organisation(kind=OrganisationKind.AVISE, name="Avise")
    cra = Organisation(kind=OrganisationKind.CRA, name="CRA Auvergne-Rhône-Alpes", region_code="84")
    db.add_all([avise, cra])
    for organisation, email, active in ((avise, "tsf@avise.example", True), (cra, "cra@aura.example", True),
                                        (cra, "parti@aura.example", False)):
        user = make_user(Role.ORGANISER, email=email, region_code=organisation.region_code)
        user.organisation, user.is_active = organisation, active
    db.commit()
    return avise, cra


def _page(client, pole) -> str:
    return unescape(client.get(f"/poles/{pole.id}").get_data(as_text=True))


def test_not_yet_checked_pole_reads_its_cra_with_a_mailto(client, login, make_user, make_pole, organisations):
    pole = make_pole("Le Damier", region_code="84")
    login(make_user(Role.FACILITATOR, pole=pole))
    page = _page(client, pole)
    assert "à vérifier par l'équipe d'animation" in page
    assert "écrivez à votre cellule régionale" in page
    assert '<a href="mailto:cra@aura.example?subject=' in page and ">CRA Auvergne-Rhône-Alpes</a>" in page
    assert "parti@aura.example" not in page and "tsf@avise.example" not in page


def test_refused_pole_of_a_region_without_cra_reads_avise(client, login, make_user, make_pole, organisations, db):
    pole = make_pole("Pôle des Coteaux", region_code="32")
    db.add(PoleEligibility(pole_id=pole.id))  # checked: neither signatory nor laureate
    db.commit()
    login(make_user(Role.FACILITATOR, pole=pole))
    page = _page(client, pole)
    assert "non signataire d'après l'équipe d'animation" in page
    assert "Votre région n'a pas de cellule régionale d'animation à qui écrire" in page
    assert '<a href="mailto:tsf@avise.example?subject=' in page and ">Avise</a>" in page
    assert "cra@aura.example" not in page
    assert "avec l'appui de votre cellule régionale" not in page  # it has none to turn to


def test_the_transfer_request_form_names_the_contact_too(client, login, make_user, make_pole, organisations,
                                                         make_resource_person, db):
    from models import Need
    pole = make_pole("Le Damier", region_code="84")
    need = Need(pole=pole, title="Mutualiser un poste", text="Nous voulons mutualiser un poste.")
    db.add(need)
    db.commit()
    person = make_resource_person()
    login(make_user(Role.FACILITATOR, pole=pole))
    page = unescape(client.get(f"/transferts/demander?need_id={need.id}&resource_person_id={person.id}")
                    .get_data(as_text=True))
    assert "n'a pas encore vérifié l'éligibilité" in page
    assert "mailto:cra@aura.example" in page


def test_no_contact_for_an_eligible_pole_nor_for_organisers(client, login, make_user, make_pole, organisations,
                                                             csrf, db):
    pole = make_pole("Le Damier", region_code="84")
    login(make_user(Role.ORGANISER))
    assert "mailto:cra@aura.example" not in _page(client, pole)
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    db.add(PoleEligibility(pole_id=pole.id, charter_version=CharterVersion.V2021))
    db.commit()
    login(make_user(Role.FACILITATOR, pole=pole))
    page = _page(client, pole)
    assert "Le pôle est <strong>éligible</strong>" in page and "mailto:" not in page
