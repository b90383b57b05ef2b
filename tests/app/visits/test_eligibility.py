"""A visit registration from a pole that is not eligible: warned (warn) or refused (block)."""

from __future__ import annotations

import pytest

from app.visits import services
from models import CharterVersion, PoleEligibility, VisitRegistrationStatus

WARNING = "Pôle non éligible"


def test_warn_registers_and_warns_the_organiser(app, client, login, db, network, make_visit):
    visit = make_visit()
    pole, facilitator = network.poles[0], network.facilitators[0]
    registration = services.register(visit_id=visit.id, pole_id=pole.id, user=facilitator)
    assert registration.status is VisitRegistrationStatus.REGISTERED
    login(network.organiser)
    assert WARNING in client.get(f"/visites/{visit.id}").get_data(as_text=True)


def test_block_refuses_registration_in_french(app, db, network, make_visit):
    app.config["ELIGIBILITY_RULE"] = "block"
    visit = make_visit()
    pole, facilitator = network.poles[0], network.facilitators[0]
    with pytest.raises(services.VisitError, match="s'inscrire à une visite apprenante"):
        services.register(visit_id=visit.id, pole_id=pole.id, user=facilitator)
    db.expire_all()
    assert services.registration_of(visit, pole.id).status is VisitRegistrationStatus.INVITED


def test_block_registers_a_signatory(app, client, login, db, network, make_visit):
    app.config["ELIGIBILITY_RULE"] = "block"
    visit = make_visit()
    pole, facilitator = network.poles[1], network.facilitators[1]
    pole.eligibility = PoleEligibility(charter_version=CharterVersion.V2014)
    db.commit()
    assert services.register(visit_id=visit.id, pole_id=pole.id, user=facilitator).status \
        is VisitRegistrationStatus.REGISTERED
    login(network.organiser)
    assert WARNING not in client.get(f"/visites/{visit.id}").get_data(as_text=True)
