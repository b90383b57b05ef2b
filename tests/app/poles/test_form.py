"""The pole form: départements as a grouped checkbox list (the pole's region first), web addresses completed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.form_fields import complete_web_address
from models import Pole, Role
from tests.app.html_parts import form_errors
from tests.app.poles.test_views import _pole_form

pytestmark = pytest.mark.web


def test_departements_are_checkboxes_grouped_by_region_the_poles_first(client, login, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux", region_code="53")
    login(make_user(Role.FACILITATOR, pole=pole))
    page = client.get(f"/poles/{pole.id}/modifier").get_data(as_text=True)
    assert "<select multiple" not in page and "Ctrl" not in page
    assert len(re.findall(r'<input[^>]*name="departements" type="checkbox"|<input[^>]*type="checkbox"[^>]*name="departements"',
                          page)) >= 96
    regions = re.findall(r'<fieldset class="departements-region" data-region="(\w+)">', page)
    assert regions[0] == "53" and len(regions) == len(set(regions)) >= 13
    first_group = page.split('data-region="53"', 1)[1].split("</fieldset>", 1)[0]
    assert "Finistère (29)" in first_group and "Ardèche" not in first_group
    assert 'id="departements-recherche"' in page and "js/departements.js" in page


def test_new_pole_form_lists_regions_by_name_open(client, login, make_user):
    login(make_user(Role.FACILITATOR))
    page = client.get("/poles/nouveau").get_data(as_text=True)
    assert '<details class="departements-autres" data-departements-others open>' in page
    assert "<summary>Départements par région</summary>" in page


def test_checked_departements_are_saved_and_shown_checked(client, csrf, login, make_user, db):
    login(make_user(Role.FACILITATOR))
    assert client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau", region_code="53",
                                                          departements=["29", "56"])).status_code == 302
    pole = db.scalars(select(Pole)).one()
    assert sorted(d.code for d in pole.departements) == ["29", "56"]
    page = client.get(f"/poles/{pole.id}/modifier").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="29"|<input[^>]*value="29"[^>]*checked', page)


def test_web_address_without_scheme_is_completed_not_refused(client, csrf, login, make_user, db):
    login(make_user(Role.FACILITATOR))
    response = client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau", website=" coteaux.example.org/accueil "))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert db.scalars(select(Pole)).one().website == "https://coteaux.example.org/accueil"


def test_what_is_not_a_web_address_is_still_refused(client, csrf, login, make_user, db):
    login(make_user(Role.FACILITATOR))
    data = _pole_form(csrf, "/poles/nouveau", website="pas une adresse")
    page = client.post("/poles/nouveau", data=data).get_data(as_text=True)
    assert "Saisissez une adresse web" in page and db.scalar(select(func.count()).select_from(Pole)) == 0


@pytest.mark.parametrize(("typed", "kept"), [
    ("coteaux.org", "https://coteaux.org"), ("www.coteaux.org", "https://www.coteaux.org"),
    ("http://coteaux.org", "http://coteaux.org"), ("HTTPS://Coteaux.org", "https://Coteaux.org"),
    ("//coteaux.org", "https://coteaux.org"), ("  ", None), (None, None),
])
def test_complete_web_address(typed, kept):
    assert complete_web_address(typed) == kept


def test_a_departement_outside_the_region_is_said_beside_the_list_with_every_other_error(client, csrf, login,
                                                                                          make_user, db):
    """One département: singular; told with the other errors at once, in the summary and beside the list
    (``form_errors`` reads no-break spaces as spaces)."""
    login(make_user(Role.FACILITATOR))
    page = client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau", departements=["31", "29"],
                                                        website="pas une adresse")).get_data(as_text=True)
    beside, summary = form_errors(page)
    assert beside["departements-erreur"] == "Ce département n'est pas dans la région choisie : Finistère."
    assert any(line.startswith("Site web") for line in summary) and len(summary) == 2, summary
    page = client.post("/poles/nouveau", data=_pole_form(csrf, "/poles/nouveau",
                                                        departements=["29", "22"])).get_data(as_text=True)
    assert form_errors(page)[0]["departements-erreur"] == (
        "Ces départements ne sont pas dans la région choisie : Côtes-d'Armor, Finistère.")
    assert db.scalar(select(func.count()).select_from(Pole)) == 0
