"""« Mes transferts » of an organiser at national scale: the thousands of open transfers it sees are read whole only
on their page (every open transfer of the network read whole took half a second in ``bench/bench_pages_by_role.py``),
and the page shows what ``my_transfers`` says."""

from __future__ import annotations

import pytest

from app.pagination import paginate
from app.transfers import services
from models import Pairing, PairingStatus, Role
from tests.sql_statements import rows_loaded

S = PairingStatus


def _loaded_by(client, db, path: str) -> tuple[list[int], str]:
    with rows_loaded(db, Pairing) as loaded:
        page = client.get(path).get_data(as_text=True)
    return loaded, page


@pytest.mark.web
def test_the_organisers_page_reads_whole_what_waits_and_the_others_of_its_page(
        client, login, db, make_user, make_pairings, make_resource_person):
    person = make_resource_person()
    make_pairings(person, S.REQUESTED, 3, 0)
    make_pairings(person, S.ACCEPTED, 55, 3)
    login(make_user(Role.ORGANISER))
    loaded, page = _loaded_by(client, db, "/transferts/")
    assert "Demandes des pôles et propositions d'aide à valider (3)" in page and "Page 1 sur 2" in page
    assert len(loaded) == 3 + 50


@pytest.mark.parametrize("role", [Role.ORGANISER, "CRA", Role.RESOURCE_PERSON, Role.FACILITATOR])
def test_the_paged_transfers_are_those_of_my_transfers(app, db, make_user, make_pairings, make_resource_person, role):
    person = make_resource_person()
    for start, status in enumerate([S.REQUESTED, S.PROPOSED, S.VALIDATED, S.ACCEPTED, S.COMPLETED, S.CANCELLED]):
        make_pairings(person, status, 2, 2 * start)
    first = db.query(Pairing).order_by(Pairing.id).first()
    user = {Role.ORGANISER: make_user(Role.ORGANISER), "CRA": make_user(Role.ORGANISER, region_code=first.need.pole.region_code),
            Role.RESOURCE_PERSON: person.user,
            Role.FACILITATOR: make_user(Role.FACILITATOR, pole=first.need.pole)}[role]
    with app.test_request_context("/transferts/"):
        whole = services.my_transfers(user)
        awaiting, others = services.my_transfers_paged(user, lambda ids: paginate(ids, per_page=3),
                                                       lambda ids: paginate(ids, arg="attente", per_page=100))
    assert [p.id for p in awaiting.items] == [p.id for p in whole.awaiting_me]
    assert [p.id for p in others.items] == [p.id for p in whole.others[:3]] and others.total == len(whole.others)
