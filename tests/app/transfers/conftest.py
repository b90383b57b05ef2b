"""A small transfer scene: two poles with needs, resource persons with offers, an organiser."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.pair_space.initiative import offer_help
from models import Need, NeedKind, Offer, Pairing, Pole, ResourcePerson, Role, Theme, User
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER, FOOD_NEED, FOOD_OFFER


@dataclass
class Scene:
    """Two poles in two regions, each with a transfer need; two resource persons (capacity 1 and 2)."""

    pole: Pole
    other_pole: Pole
    facilitator: User
    other_facilitator: User
    organiser: User
    #: The pole's need, answered by ``finance``'s offer.
    finance_need: Need
    #: The other pole's need, answered by ``food``'s offer.
    food_need: Need
    finance: ResourcePerson
    food: ResourcePerson


@pytest.fixture
def scene(db, make_user, make_pole, make_resource_person) -> Scene:
    pole = make_pole("Pôle des Coteaux")
    other_pole = make_pole("Pôle du Littoral", region_code="52")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    other_facilitator = make_user(Role.FACILITATOR, pole=other_pole)
    organiser = make_user(Role.ORGANISER)
    finance_need = Need(pole=pole, author=facilitator, title=FINANCE_NEED[0], text=FINANCE_NEED[1],
                        kind=NeedKind.TRANSFER, themes=[db.get(Theme, "modele_economique")])
    food_need = Need(pole=other_pole, author=other_facilitator, title=FOOD_NEED[0], text=FOOD_NEED[1],
                     kind=NeedKind.TRANSFER)
    db.add_all([finance_need, food_need])
    finance = make_resource_person(capacity=1)
    food = make_resource_person(capacity=2)
    for person, (title, text) in ((finance, FINANCE_OFFER), (food, FOOD_OFFER)):
        db.add(Offer(resource_person=person, title=title, text=text))
    db.commit()
    return Scene(pole=pole, other_pole=other_pole, facilitator=facilitator,
                 other_facilitator=other_facilitator, organiser=organiser, finance_need=finance_need,
                 food_need=food_need, finance=finance, food=food)


@pytest.fixture
def offered(db, scene: Scene) -> Pairing:
    """Sophie Lemaire, the finance person, says « Je peux aider » on the finance need (not validated yet)."""
    scene.finance.user.display_name = "Sophie Lemaire"
    pairing = offer_help(need=scene.finance_need, person=scene.finance, message="Je peux vous aider.",
                         idempotency_key="o" * 24)
    db.commit()
    return pairing
