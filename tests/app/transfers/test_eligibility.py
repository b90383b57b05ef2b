"""A transfer request from a pole that is not eligible: a warning for organisers (warn), a refusal (block)."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import select

from app.transfers import services
from models import CharterVersion, Pairing, PairingStatus, PoleEligibility

pytestmark = pytest.mark.web

WARNING = "Pôle non éligible"


def _request(client, csrf, scene):
    token = csrf(f"/besoins/{scene.finance_need.id}")
    return client.post("/transferts/demander", data={
        "csrf_token": token, "need_id": scene.finance_need.id, "resource_person_id": scene.finance.id,
        "confirm": "1", "message": "Bonjour", "idempotency_key": secrets.token_urlsafe(24)})


def test_warn_lets_the_request_through_and_warns_the_organiser(app, client, csrf, login, db, scene):
    assert app.config["ELIGIBILITY_RULE"] == "warn"
    login(scene.facilitator)
    assert _request(client, csrf, scene).status_code == 302
    pairing = db.scalar(select(Pairing))
    assert pairing.status is PairingStatus.REQUESTED
    assert WARNING not in client.get(f"/transferts/{pairing.id}").get_data(as_text=True)  # the pole sees none
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(scene.organiser)
    assert WARNING in client.get("/organisation/tsf/").get_data(as_text=True)
    assert WARNING in client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    proposal = client.get(f"/organisation/tsf/proposer?need_id={scene.food_need.id}")
    assert proposal.status_code == 200 and WARNING in proposal.get_data(as_text=True)


def test_no_warning_for_an_eligible_pole(client, csrf, login, db, scene):
    scene.pole.eligibility = PoleEligibility(charter_version=CharterVersion.V2021)
    db.commit()
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance,
                                        requester=scene.facilitator)
    login(scene.organiser)
    assert WARNING not in client.get("/organisation/tsf/").get_data(as_text=True)
    assert WARNING not in client.get(f"/transferts/{pairing.id}").get_data(as_text=True)


def test_block_refuses_with_a_french_reason(app, client, csrf, login, db, scene):
    app.config["ELIGIBILITY_RULE"] = "block"
    login(scene.facilitator)
    response = _request(client, csrf, scene)
    page = client.get(response.headers["Location"]).get_data(as_text=True) if response.status_code == 302 \
        else response.get_data(as_text=True)
    assert "réservé aux lauréats de l&#39;AMI PTCE" in page or "réservé aux lauréats de l'AMI PTCE" in page
    assert db.scalar(select(Pairing)) is None
    with pytest.raises(services.TransferError, match="Charte des PTCE"):
        services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)


def test_block_lets_an_ami_laureate_through(app, db, scene):
    app.config["ELIGIBILITY_RULE"] = "block"
    scene.pole.eligibility = PoleEligibility(ami_phase=1, ami_year=2022)
    db.commit()
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance,
                                        requester=scene.facilitator)
    assert pairing.status is PairingStatus.REQUESTED
