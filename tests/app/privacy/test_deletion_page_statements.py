"""The deletion page reads the open transfers it names with their needs and poles in one go: a resource person with
many transfers made it send two queries per transfer (153 statements at national scale)."""

from __future__ import annotations

import pytest

from models import Need, NeedKind, Pairing, PairingStatus, Role
from tests.sql_statements import page_statements

pytestmark = pytest.mark.web


def _transfers(db, make_pole, make_user, person, count: int, start: int) -> None:
    for n in range(start, start + count):
        pole = make_pole(f"Pôle numéro {n}")
        need = Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title=f"Besoin numéro {n}",
                    text="Un besoin du pôle.", kind=NeedKind.TRANSFER)
        db.add(Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED))
    db.commit()


def test_the_deletion_page_sends_as_many_statements_for_ten_open_transfers_as_for_one(
        client, login, db, make_user, make_pole, make_resource_person):
    person = make_resource_person(capacity=3)
    login(person.user)
    _transfers(db, make_pole, make_user, person, 1, 0)
    few, page = page_statements(client, db, "/compte/supprimer")
    assert page.count("Besoin numéro") == 1 and "(Pôle numéro 0)" in page
    _transfers(db, make_pole, make_user, person, 9, 1)
    many, page = page_statements(client, db, "/compte/supprimer")
    assert page.count("Besoin numéro") == 10 and "(Pôle numéro 9)" in page
    assert many == few
