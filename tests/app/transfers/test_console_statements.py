"""The TSF console reads the requests to validate with their poles' eligibility in one go: the warning beside each
request (« Pôle non éligible ») read each pole's eligibility on its own, two hundred queries at national scale."""

from __future__ import annotations

import pytest

from models import Offer, PairingStatus, Role
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


def test_the_console_sends_as_many_statements_for_sixty_people_available_as_for_one(
        client, login, db, make_user, make_resource_person):
    """The people available: every one's capacity read in one go, only a page of them read with name and region."""
    login(make_user(Role.ORGANISER))

    def available(n: int) -> None:
        for _ in range(n):
            db.add(Offer(resource_person=make_resource_person(), title="Financer un tiers-lieu", text="Montage."))
        db.commit()

    available(1)
    few, page = page_statements(client, db, "/organisation/tsf/")
    assert "Personnes ressources disponibles (1)" in page
    available(59)
    many, page = page_statements(client, db, "/organisation/tsf/")
    assert "Personnes ressources disponibles (60)" in page and "Page 1 sur 2" in page
    assert many == few
