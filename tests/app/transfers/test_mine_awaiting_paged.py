"""« Mes transferts » of Avise: the four hundred requests waiting for validation at national scale made a page of
231 kB (``bench/bench_pages_by_role.py``). They come first still, a page at a time, each list keeping the other's
page; whoever has few sees them as before, on one page."""

from __future__ import annotations

import re

import pytest

from app.pagination import PER_PAGE
from models import Pairing, PairingStatus, Role

pytestmark = pytest.mark.web
S = PairingStatus


def _rows(page: str, label: str) -> int:
    table = re.search(rf'aria-label="{label}".*?</table>', page, re.S)
    return table.group(0).count("<tr") - 1 if table else 0  # the header's row left out


@pytest.fixture
def organiser(make_user, make_pairings, make_resource_person):
    """One more request to validate than a page holds, and as many other open transfers."""
    person = make_resource_person()
    make_pairings(person, S.REQUESTED, PER_PAGE + 1, 0)
    make_pairings(person, S.ACCEPTED, PER_PAGE + 1, PER_PAGE + 1)
    return make_user(Role.ORGANISER)


def test_the_requests_waiting_for_avise_come_first_a_page_at_a_time(client, login, organiser):
    login(organiser)
    first = client.get("/transferts/").get_data(as_text=True)
    assert f"Demandes des pôles et propositions d'aide à valider ({PER_PAGE + 1})" in first
    assert first.index('id="a-traiter"') < first.index('id="en-cours"')
    assert _rows(first, "Tableau des demandes à valider") == PER_PAGE
    nav = re.search(r'aria-label="Pages des demandes à valider">(.*?)</nav>', first, re.S).group(1)
    assert "Page 1 sur 2" in nav and 'href="/transferts/?attente=2#a-traiter" rel="next"' in nav
    second = client.get("/transferts/?attente=2").get_data(as_text=True)
    assert _rows(second, "Tableau des demandes à valider") == 1 and "Page 2 sur 2" in second


def test_each_list_keeps_the_others_page(client, login, organiser):
    login(organiser)
    page = client.get("/transferts/?page=2&attente=2").get_data(as_text=True).replace("&amp;", "&")
    assert _rows(page, "Tableau des demandes à valider") == 1
    assert _rows(page, "Tableau des autres transferts en cours") == 1
    assert 'href="/transferts/?page=2#a-traiter" rel="prev"' in page
    assert 'href="/transferts/?attente=2#en-cours" rel="prev"' in page


@pytest.mark.parametrize("role", [Role.RESOURCE_PERSON, Role.FACILITATOR, "CRA"])
def test_whoever_has_few_waiting_sees_them_on_one_page(client, login, db, make_user, make_pairings,
                                                        make_resource_person, role):
    person = make_resource_person()
    make_pairings(person, S.PROPOSED, 2, 0)
    make_pairings(person, S.REQUESTED, 2, 2)
    pole = db.query(Pairing).filter(Pairing.status == S.REQUESTED).first().need.pole
    user = {Role.RESOURCE_PERSON: person.user, Role.FACILITATOR: make_user(Role.FACILITATOR, pole=pole),
            "CRA": make_user(Role.ORGANISER, region_code=pole.region_code)}[role]
    login(user)
    page = client.get("/transferts/").get_data(as_text=True)
    heading = {Role.RESOURCE_PERSON: "En attente de votre réponse (2)", Role.FACILITATOR: None,
               "CRA": "Demandes des pôles et propositions d'aide à valider (2)"}[role]
    if heading:
        assert heading in page
    assert "Page 1 sur" not in page and 'rel="next"' not in page
