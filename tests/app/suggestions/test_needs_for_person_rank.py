"""The needs a resource person is shown are those where the pole would see her among the first: ordered by her
place among the offers possible for each need, none where many others fit better (walk 6: « Classée 31e sur
41 », listed between a 5e and a 30e)."""

from __future__ import annotations

import pytest

from app.suggestions import mentors
from models import Need, NeedKind, Offer, Role
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER, FOOD_NEED, FOOD_OFFER


@pytest.fixture
def two_needs_two_people(db, make_user, make_pole, make_resource_person):
    needs = []
    for (title, text), name in ((FINANCE_NEED, "Pôle des Coteaux"), (FOOD_NEED, "Pôle des Vergers")):
        pole = make_pole(name)
        author = make_user(Role.FACILITATOR, pole=pole)
        needs.append(Need(pole=pole, author=author, title=title, text=text, kind=NeedKind.TRANSFER))
        db.add(needs[-1])
    food_person, finance_person = make_resource_person(), make_resource_person()
    db.add_all([Offer(resource_person=food_person, title=FOOD_OFFER[0], text=FOOD_OFFER[1]),
                Offer(resource_person=finance_person, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1])])
    db.commit()
    return needs, food_person


def test_a_need_where_others_fit_better_is_not_suggested(db, monkeypatch, two_needs_two_people):
    (finance_need, food_need), food_person = two_needs_two_people
    everything = [s.need.id for s in mentors.needs_for_person(food_person)]
    assert everything[0] == food_need.id  # first for the canteens, second for the coordination post
    monkeypatch.setattr(mentors, "MAX_RANK_FOR_PERSON", 1, raising=False)
    assert [s.need.id for s in mentors.needs_for_person(food_person)] == [food_need.id]
