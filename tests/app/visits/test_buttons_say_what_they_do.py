"""On the page of a visit, each button of an invited pole says what it does (walk 19): a full visit offers to join
the waitlist, not « Inscrire mon pôle »; leaving the waitlist, or a seat nobody waits for, is not told « Votre
place ira au premier pôle de la liste d'attente »."""

from __future__ import annotations

import pytest

from tests.app.html_parts import page_text

pytestmark = pytest.mark.web

GIVES_SEAT_AWAY = "Votre place ira aussitôt au premier pôle de la liste d'attente"


def _page(client, visit) -> str:
    return page_text(client.get(f"/visites/{visit.id}"))


def test_a_full_visit_offers_the_waitlist_and_each_leaving_says_what_follows(client, login, relogin, csrf, network,
                                                                               make_visit):
    visit = make_visit(capacity=1)
    url = f"/visites/{visit.id}"
    login(network.facilitators[0])
    page = _page(client, visit)
    assert ">Inscrire mon pôle<" in page and "Rejoindre la liste d'attente" not in page
    client.post(f"{url}/inscription", data={"csrf_token": csrf(url)})

    relogin(network.facilitators[1])
    page = _page(client, visit)
    assert ">Rejoindre la liste d'attente<" in page and ">Inscrire mon pôle<" not in page
    assert "La visite est complète : votre pôle peut rejoindre la liste d'attente" in page
    client.post(f"{url}/inscription", data={"csrf_token": csrf(url)})
    page = _page(client, visit)
    assert ">Quitter la liste d'attente<" in page and "Votre pôle y perd son rang." in page
    assert "Votre place ira" not in page

    relogin(network.facilitators[0])
    page = _page(client, visit)
    assert ">Se désister<" in page and GIVES_SEAT_AWAY in page


def test_a_seat_nobody_waits_for_can_be_taken_again(client, login, relogin, csrf, network, make_visit):
    visit = make_visit(capacity=2)
    url = f"/visites/{visit.id}"
    login(network.facilitators[0])
    client.post(f"{url}/inscription", data={"csrf_token": csrf(url)})
    page = _page(client, visit)
    assert "Votre pôle pourra se réinscrire tant que la visite n'a pas commencé" in page
    assert "Votre place ira" not in page
