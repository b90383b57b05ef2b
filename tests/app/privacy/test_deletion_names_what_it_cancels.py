"""Before deleting her account, a resource person reads which transfers it cancels and which pole is told, and the
way to pause instead (walk of 7 December 2026: the page said « Les transferts … encore à venir seront annulés »
while she accompanied the Lauragais, named nowhere, and nothing said that a capacity of zero is a pause)."""

from __future__ import annotations

import html
import re

import pytest

from models import Need, NeedKind, Pairing, PairingStatus, Role

pytestmark = pytest.mark.web


def _words(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True))).replace("\u00a0", " ")


def test_the_deletion_page_names_the_open_transfers_and_the_pause(client, login, db, make_user, make_pole,
                                                                    make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    person = make_resource_person(capacity=2)
    need = Need(pole=pole, author=facilitator, title="Une subvention connue en juin", text="Avancer six mois.",
                kind=NeedKind.TRANSFER)
    db.add_all([need, Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED)])
    db.commit()
    login(person.user)
    page = _words(client.get("/compte/supprimer"))
    assert "Votre transfert en cours sera annulé et son pôle prévenu :" in page
    assert "Une subvention connue en juin</a> (Pôle des Coteaux)" in page
    assert ("Pour faire une pause plutôt que partir, mettez votre capacité à zéro dans "
            '<a href="/personnes-ressources/mon-profil">votre profil</a>') in page


def test_nothing_more_is_said_to_a_person_without_open_transfers(client, login, make_user):
    user = make_user(Role.FACILITATOR)
    login(user)
    page = _words(client.get("/compte/supprimer"))
    assert "sera annulé et son pôle prévenu" not in page and "capacité à zéro" not in page


def test_the_capacity_field_says_zero_is_a_pause(client, login, make_resource_person):
    """Where a person looking for « congé » or « pause » will look first: her profile's capacity."""
    person = make_resource_person()
    login(person.user)
    page = _words(client.get("/personnes-ressources/mon-profil"))
    assert "0 met votre profil en pause (un congé, une année chargée) : vos transferts en cours continuent." in page
