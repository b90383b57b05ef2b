"""The deletion page reads the open transfers it names with their needs and poles in one go: a resource person with
many transfers made it send two queries per transfer (153 statements at national scale)."""

from __future__ import annotations

import pytest

from models import PairingStatus
from tests.sql_statements import page_statements

pytestmark = pytest.mark.web


def test_the_deletion_page_sends_as_many_statements_for_ten_open_transfers_as_for_one(
        client, login, db, make_pairings, make_resource_person):
    person = make_resource_person(capacity=3)
    login(person.user)
    make_pairings(person, PairingStatus.ACCEPTED, 1, 0)
    few, page = page_statements(client, db, "/compte/supprimer")
    assert page.count("Besoin numéro") == 1 and "(Pôle numéro 0)" in page
    make_pairings(person, PairingStatus.ACCEPTED, 9, 1)
    many, page = page_statements(client, db, "/compte/supprimer")
    assert page.count("Besoin numéro") == 10 and "(Pôle numéro 9)" in page
    assert many == few
