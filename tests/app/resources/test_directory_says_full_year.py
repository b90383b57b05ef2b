"""The directory of resource persons says on her card that a person has no transfer left this year, so a pole does
not learn it only on opening her page (walk of 6 December 2026); the list asks the year's load once, not once per
person."""

from __future__ import annotations

import html
import re

import pytest

from app.scheduling.wall_clock import year_of
from tests.sql_statements import statements
from models import Pairing, PairingStatus, Role, utcnow

pytestmark = pytest.mark.web




def _cards(page: str) -> dict[str, str]:
    """Each card's text, by the person's name."""
    text = html.unescape(page)
    cards = re.findall(r'<li class="card">(.*?)</li>\s*(?=<li class="card">|</ul>)', text, flags=re.S)
    said = {}
    for card in cards:
        name = re.search(r'<a href="/personnes-ressources/\d+">([^<]+)</a>', card).group(1)
        said[name] = re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", card))  # no-break spaces kept
    return said


def _person(db, make_user, make_resource_person, need, name: str, *, capacity: int = 1, engaged: int = 0):
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name=name), capacity=capacity)
    db.add_all([Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED) for _ in range(engaged)])
    db.commit()
    return person


def test_a_full_persons_card_says_so_with_the_day_she_is_free_again(client, login, db, make_user,
                                                                     make_resource_person, coordination_need):
    _person(db, make_user, make_resource_person, coordination_need, "Anne Pleine", capacity=1, engaged=1)
    _person(db, make_user, make_resource_person, coordination_need, "Berthe Libre", capacity=2, engaged=1)
    _person(db, make_user, make_resource_person, coordination_need, "Cécile Zéro", capacity=0)
    login(coordination_need.author)  # a facilitator
    cards = _cards(client.get("/personnes-ressources/").get_data(as_text=True))
    year = year_of(utcnow())
    assert (f"Plus de disponibilité en {year}\u00a0: de nouveau disponible le 1er\u00a0janvier {year + 1}."
            in cards["Anne Pleine"])
    assert "disponibilité" not in cards["Berthe Libre"]
    assert f"Pas de disponibilité en {year}." in cards["Cécile Zéro"] and "janvier" not in cards["Cécile Zéro"]


def test_the_directory_sends_as_many_statements_for_nine_persons_as_for_three(client, login, db, make_user,
                                                                              make_resource_person,
                                                                              coordination_need):
    login(coordination_need.author)
    for n in range(3):
        _person(db, make_user, make_resource_person, coordination_need, f"Personne {n}", engaged=n % 2)
    with statements() as few:
        page = client.get("/personnes-ressources/").get_data(as_text=True)
    assert page.count("Plus de disponibilité") == 1
    for n in range(3, 9):
        _person(db, make_user, make_resource_person, coordination_need, f"Personne {n}", engaged=n % 2)
    with statements() as many:
        page = client.get("/personnes-ressources/").get_data(as_text=True)
    assert page.count("Plus de disponibilité") == 4
    assert sum(many.values()) == sum(few.values()), set(many) ^ set(few)
