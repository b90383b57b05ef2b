"""The pole's page reads its open needs and their themes in one go, whatever their number: at national scale a
busy pole's page sent one query per need for its theme tags (140 statements for 100 open needs), then one per need
again for the peer poles it suggests (83)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Need, NeedKind, NeedStatus, Role, Theme
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER
from tests.sql_statements import page_statements

pytestmark = pytest.mark.web


def _needs(db, pole, author, count: int, start: int) -> None:
    themes = list(db.scalars(select(Theme).order_by(Theme.code).limit(2)))
    for n in range(start, start + count):
        db.add(Need(pole=pole, author=author, title=f"Besoin numéro {n}", text=FINANCE_NEED[1],
                    kind=NeedKind.TRANSFER, themes=themes))
    db.add(Need(pole=pole, author=author, title=f"Besoin clos {start}", text="Un besoin clos.",
                kind=NeedKind.TRANSFER, status=NeedStatus.CLOSED))
    db.commit()


def _cards(page: str) -> int:
    return len(re.findall(r'<h3 class="card-title"><a href="/besoins/\d+">Besoin numéro', page))


def test_the_pole_page_sends_as_many_statements_for_ten_open_needs_as_for_one(client, login, db, make_user,
                                                                               make_pole):
    pole = make_pole("Pôle des Coteaux")
    make_pole("Pôle du Littoral", strengths=FINANCE_OFFER[1])  # a peer the page suggests for the needs
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    login(facilitator)
    _needs(db, pole, facilitator, 1, 0)
    few, page = page_statements(client, db, f"/poles/{pole.id}")
    assert _cards(page) == 1 and "Besoin clos" not in page and "Pôle du Littoral" in page
    _needs(db, pole, facilitator, 9, 1)
    many, page = page_statements(client, db, f"/poles/{pole.id}")
    assert _cards(page) == 10 and "Besoin clos" not in page
    assert many == few
