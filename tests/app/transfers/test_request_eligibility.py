"""The facilitator reads, before asking for a transfer, what the network team will see of the pole's eligibility."""

from __future__ import annotations

import html

import pytest

from models import CharterVersion, PoleEligibility

pytestmark = pytest.mark.web


def _form(client, scene) -> str:
    page = client.get("/transferts/demander", query_string={"need_id": scene.finance_need.id,
                                                            "resource_person_id": scene.finance.id})
    assert page.status_code == 200
    return html.unescape(page.get_data(as_text=True))


def test_the_request_form_says_what_the_team_knows_of_eligibility(app, client, login, db, scene):
    login(scene.facilitator)
    assert "n'a pas encore vérifié l'éligibilité de votre pôle" in _form(client, scene)

    scene.pole.eligibility = PoleEligibility()  # checked: neither laureate nor signatory
    db.commit()
    assert "D'après l'équipe d'animation, votre pôle n'est pas éligible" in _form(client, scene)

    app.config["ELIGIBILITY_RULE"] = "block"
    assert "Votre pôle ne peut pas demander un transfert de savoir-faire" in _form(client, scene)

    scene.pole.eligibility.charter_version = CharterVersion.V2021
    db.commit()
    page = _form(client, scene)
    assert "éligib" not in page[page.index("<h1>"):page.index("</form>")]
