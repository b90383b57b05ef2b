"""Profiles handed to the engine say only what is known of a person."""

from __future__ import annotations

from app.suggestions.profiles import offer_profile
from matching import explain
from models import Offer


def test_a_person_without_a_pole_has_no_pole_maturity(db, make_resource_person, make_pole):
    alone = make_resource_person(pole=None)
    offer = Offer(resource_person=alone, title="Financer la coordination", text="Vingt ans de montage de financements.")
    db.add(offer)
    db.commit()
    profile = offer_profile(offer, capacity_left=2)
    assert profile.maturity is None
    # so no explanation claims « Expérience d'un pôle plus avancé (consolidé) » for her
    assert explain.maturity_reason("emergent", profile.maturity, 1.0) is None
    with_pole = make_resource_person(pole=make_pole())
    offer.resource_person = with_pole
    assert offer_profile(offer, capacity_left=2).maturity == with_pole.pole.maturity.value
