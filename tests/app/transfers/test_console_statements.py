"""The TSF console reads the requests to validate with their poles' eligibility in one go: the warning beside each
request (« Pôle non éligible ») read each pole's eligibility on its own, two hundred queries at national scale."""

from __future__ import annotations

import pytest

from models import PairingStatus, Role
from tests.sql_statements import page_statements

pytestmark = pytest.mark.web


def test_the_console_sends_as_many_statements_for_ten_requests_from_ten_poles_as_for_one(
        client, login, db, make_user, make_pairings, make_resource_person):
    person = make_resource_person()
    login(make_user(Role.ORGANISER))
    make_pairings(person, PairingStatus.REQUESTED, 1, 0)
    few, page = page_statements(client, db, "/organisation/tsf/")
    assert "Demandes des pôles et propositions d'aide à valider (1)" in page and page.count("Pôle non éligible") == 1
    make_pairings(person, PairingStatus.REQUESTED, 9, 1)
    many, page = page_statements(client, db, "/organisation/tsf/")
    assert "Demandes des pôles et propositions d'aide à valider (10)" in page and page.count("Pôle non éligible") == 10
    assert many == few
