"""The lists of transfers that grow with the years are read a page at a time: the organisers' follow-up and their
« Mes transferts » (at national scale both rendered every transfer of the network, megabytes in seconds)."""

from __future__ import annotations

import re

import pytest

from app.pagination import PER_PAGE
from models import Need, NeedKind, Pairing, PairingStatus, Role

pytestmark = pytest.mark.web


@pytest.fixture
def organiser(db, make_user, make_pole, make_resource_person):
    """An organiser and, in its sight, one more accepted transfer than a page holds."""
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    person = make_resource_person()
    for n in range(PER_PAGE + 1):
        need = Need(pole=pole, author=facilitator, title=f"Besoin numéro {n:03d}", text="Un besoin du pôle.",
                    kind=NeedKind.TRANSFER)
        db.add(Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED))
    db.commit()
    return make_user(Role.ORGANISER)


def _rows(page: str) -> int:
    return len(re.findall(r"<a href=\"/transferts/\d+\">Besoin numéro \d+</a>", page))


@pytest.mark.parametrize(("address", "anchor"), [
    ("/organisation/suivi?status=accepted", "liste-titre"),
    ("/transferts/", "en-cours"),
])
def test_the_transfers_are_listed_a_page_at_a_time(client, login, organiser, address, anchor):
    login(organiser)
    first = client.get(address).get_data(as_text=True)
    assert _rows(first) == PER_PAGE
    assert "Page 1 sur 2" in first
    following = re.search(r'<a href="([^"]+)" rel="next">Page suivante</a>', first).group(1)
    assert following.endswith(f"page=2#{anchor}") and ("status=accepted" in following) == ("status" in address)
    assert "Page précédente" not in first
    second = client.get(following.replace("&amp;", "&")).get_data(as_text=True)
    assert _rows(second) == 1 and "Page 2 sur 2" in second and "Page suivante" not in second
    previous = re.search(r'<a href="([^"]+)" rel="prev">Page précédente</a>', second).group(1)
    assert previous.replace("&amp;", "&") == address + f"#{anchor}"
