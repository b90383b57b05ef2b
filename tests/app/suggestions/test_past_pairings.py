"""The offers learn from the needs they already answered: an agreed transfer ranks its offer up for a
need told the same way, and the card says so without naming the other pole's need."""

from __future__ import annotations

import pytest

from models import Need, Offer, Pairing, PairingStatus, Role
from tests.app.texts import FINANCE_OFFER, FOOD_OFFER

pytestmark = pytest.mark.web

STORY = ("Fatigue générale", "Les mêmes trois personnes portent tout depuis cinq ans, elles n'en peuvent plus "
         "et personne ne veut prendre la suite à l'assemblée de juin.")
REASON = "A déjà accompagné un pôle sur un besoin proche de celui-ci"


@pytest.fixture
def scene(db, make_user, make_pole, make_resource_person):
    pole, other = make_pole("Pôle des Coteaux"), make_pole("Pôle du Val")
    facilitator, other_facilitator = make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=other)
    finance, food = make_resource_person(), make_resource_person()
    need = Need(pole=pole, author=facilitator, title=STORY[0], text=STORY[1])
    past = Need(pole=other, author=other_facilitator, title=STORY[0], text=STORY[1])
    food_offer = Offer(resource_person=food, title=FOOD_OFFER[0], text=FOOD_OFFER[1])
    db.add_all([need, past, food_offer, Offer(resource_person=finance, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1])])
    db.commit()
    return {"facilitator": facilitator, "need": need, "past": past, "food": food, "food_offer": food_offer,
            "finance": finance}


def _pair(db, scene, status: PairingStatus) -> None:
    db.add(Pairing(need=scene["past"], resource_person=scene["food"], offer=scene["food_offer"], status=status))
    db.commit()


def _first_and_page(client, scene) -> tuple[bool, str]:
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    food, finance = scene["food"].user.display_name, scene["finance"].user.display_name
    return page.index(food) < page.index(finance), page


def test_an_agreed_transfer_ranks_its_offer_up_for_a_need_told_alike(client, login, db, scene):
    login(scene["facilitator"])
    _, before = _first_and_page(client, scene)
    assert REASON not in before
    _pair(db, scene, PairingStatus.ACCEPTED)
    food_first, page = _first_and_page(client, scene)
    assert food_first and REASON in page
    assert scene["past"].pole.name not in page  # the other pole's need is not named


def test_a_request_not_yet_agreed_teaches_nothing(client, login, db, scene):
    _pair(db, scene, PairingStatus.REQUESTED)
    login(scene["facilitator"])
    _, page = _first_and_page(client, scene)
    assert REASON not in page


def test_a_transfer_of_the_same_pole_does_not_say_it_accompanied_a_pole(client, login, db, scene):
    """The pole's own agreed transfer on a close need: the card would tell the pole about itself as « un pôle »."""
    scene["past"].pole = scene["need"].pole
    db.commit()
    _pair(db, scene, PairingStatus.ACCEPTED)
    login(scene["facilitator"])
    _, page = _first_and_page(client, scene)
    assert REASON not in page
