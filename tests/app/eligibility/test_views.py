"""Eligibility through the web: organisers record it, poles no longer tick it, listings filter on it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import CharterVersion, PoleEligibility, Role

pytestmark = pytest.mark.web


def _pole_form(csrf, url, **overrides):
    data = {"csrf_token": csrf(url), "name": "Pôle des Coteaux", "carrier_structure": "", "region_code": "76",
            "maturity": "emergent", "description": "", "strengths": "", "website": "", "public_listing": "y"}
    data.update(overrides)
    return data


def test_pole_form_no_longer_sets_charter_or_ami(client, csrf, login, make_user, make_pole, db):
    pole = make_pole("Pôle des Coteaux", region_code="76")
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/modifier"
    assert 'name="charter_signatory"' not in client.get(url).get_data(as_text=True)
    response = client.post(url, data=_pole_form(csrf, url, charter_signatory="y", ami_laureate="y"))
    assert response.status_code == 302
    db.expire_all()
    assert not pole.charter_signatory and not pole.ami_laureate
    assert db.scalar(select(func.count()).select_from(PoleEligibility)) == 0


def test_organiser_records_facilitator_reads_status_and_how_to_sign(client, csrf, login, make_user, make_pole, db):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    login(facilitator)
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    assert "n'est pas encore éligible" in page and "Signer la charte" in page
    assert client.get(f"/poles/{pole.id}/eligibilite").status_code == 403
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(make_user(Role.ORGANISER))
    url = f"/poles/{pole.id}/eligibilite"
    response = client.post(url, data={"csrf_token": csrf(url), "charter_version": "2021",
                                      "charter_signed_on": "2023-06-15", "ami_phase": "1", "ami_year": "2022"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.expire_all()
    record = pole.eligibility
    assert record.charter_version is CharterVersion.V2021 and record.ami_phase == 1 and record.ami_year == 2022
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    assert "Le pôle est <strong>éligible</strong>" in page and "lauréat de la phase 1 (2022)" in page
    assert "Signer la charte" not in page


def test_organiser_form_errors_are_french(client, csrf, login, make_user, make_pole, db):
    pole = make_pole()
    login(make_user(Role.ORGANISER))
    url = f"/poles/{pole.id}/eligibilite"
    page = client.post(url, data={"csrf_token": csrf(url), "charter_version": "", "ami_phase": "",
                                  "ami_year": "2022"}).get_data(as_text=True)
    assert "Indiquez la phase de l&#39;AMI PTCE" in page or "Indiquez la phase de l'AMI PTCE" in page
    assert pole.eligibility is None


def test_other_users_do_not_see_the_eligibility_section(client, login, make_user, make_pole):
    pole = make_pole()
    assert "Éligibilité au dispositif" not in client.get(f"/poles/{pole.id}").get_data(as_text=True)
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    assert "Éligibilité au dispositif" not in client.get(f"/poles/{pole.id}").get_data(as_text=True)


def test_directory_and_public_map_filter_charter_signatories(client, db, make_pole):
    signatory = make_pole("Pôle signataire", eligibility=PoleEligibility(charter_version=CharterVersion.V2014))
    make_pole("Pôle lauréat seulement", eligibility=PoleEligibility(ami_phase=1))
    make_pole("Pôle sans rien")
    directory = client.get("/poles/?charte=y").get_data(as_text=True)
    assert "Pôle signataire" in directory and "Pôle lauréat seulement" not in directory
    assert "Pôle sans rien" not in directory and "1\u00a0pôle trouvé" in directory
    everything = client.get("/poles/").get_data(as_text=True)
    assert "Pôle sans rien" in everything and "Signataire de la Charte" in everything
    public_map = client.get("/carte?charte=y").get_data(as_text=True)
    assert "1\u00a0pôle sur la carte." in public_map and f"/poles/{signatory.id}" in public_map
    assert "3\u00a0pôles sur la carte." in client.get("/carte").get_data(as_text=True)


def test_statistics_count_signatories_and_laureates(app, db, make_pole):
    from app.network.stats import poles_by_eligibility

    make_pole(eligibility=PoleEligibility(charter_version=CharterVersion.V2014))
    make_pole(eligibility=PoleEligibility(charter_version=CharterVersion.V2021, ami_phase=2))
    make_pole(eligibility=PoleEligibility(ami_phase=1))
    make_pole(region_code="11")
    chart = poles_by_eligibility()
    counts = {key: count for key, _label, count in chart.rows}
    assert counts == {"charte": 2, "charte-2014": 1, "charte-2021": 1, "ami-1": 1, "ami-2": 1,
                      "eligibles": 3, "non-eligibles": 1}
    regional = {key: count for key, _label, count in poles_by_eligibility(region_code="11").rows}
    assert regional["non-eligibles"] == 1 and regional["charte"] == 0
    # The « dont » lines and the eligible line repeat poles: the summary counts each pole once.
    assert chart.summary == ("4\u00a0pôles : 2\u00a0signataires de la charte, 2\u00a0lauréats de l'AMI PTCE ; "
                             "3\u00a0éligibles au dispositif, 1\u00a0ni signataire ni lauréat.")


def test_statistics_page_shows_the_chart(client, login, make_user, make_pole):
    make_pole(eligibility=PoleEligibility(charter_version=CharterVersion.V2014))
    login(make_user(Role.ORGANISER))
    page = client.get("/organisation/statistiques").get_data(as_text=True)
    assert "Pôles signataires de la charte et lauréats de l&#39;AMI PTCE" in page or \
        "Pôles signataires de la charte et lauréats de l'AMI PTCE" in page
    assert client.get("/organisation/statistiques/poles-par-eligibilite.csv").status_code == 200


def test_nothing_verified_is_said_so_not_read_as_non_signatory(client, csrf, login, make_user, make_pole, db):
    pole = make_pole("Pôle des Coteaux")
    login(make_user(Role.FACILITATOR, pole=pole))
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    assert page.count("à vérifier par l'équipe d'animation") == 2  # no agreement to get wrong (« Charte : vérifiée »)
    assert "non signataire" not in page and "non lauréat" not in page

    db.add(PoleEligibility(pole_id=pole.id))  # the team checked: neither signatory nor laureate
    db.commit()
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    assert "non signataire d'après l'équipe d'animation" in page
    assert "non lauréat d'après l'équipe d'animation" in page
    assert "à vérifier par" not in page
