"""The TSF console reads the requests to validate with their poles' eligibility in one go: the warning beside each
request (« Pôle non éligible ») read each pole's eligibility on its own, two hundred queries at national scale."""

from __future__ import annotations

import pytest

from models import Need, NeedKind, Pairing, PairingStatus, Role
from tests.sql_statements import page_statements

pytestmark = pytest.mark.web


def _requests(db, make_pole, make_user, person, count: int, start: int) -> None:
    for n in range(start, start + count):
        pole = make_pole(f"Pôle numéro {n}")
        need = Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title=f"Besoin numéro {n}",
                    text="Un besoin du pôle.", kind=NeedKind.TRANSFER)
        db.add(Pairing(need=need, resource_person=person, status=PairingStatus.REQUESTED))
    db.commit()


def test_the_console_sends_as_many_statements_for_ten_requests_from_ten_poles_as_for_one(
        client, login, db, make_user, make_pole, make_resource_person):
    person = make_resource_person()
    login(make_user(Role.ORGANISER))
    _requests(db, make_pole, make_user, person, 1, 0)
    few, page = page_statements(client, db, "/organisation/tsf/")
    assert "Demandes des pôles à valider (1)" in page and page.count("Pôle non éligible") == 1
    _requests(db, make_pole, make_user, person, 9, 1)
    many, page = page_statements(client, db, "/organisation/tsf/")
    assert "Demandes des pôles à valider (10)" in page and page.count("Pôle non éligible") == 10
    assert many == few
