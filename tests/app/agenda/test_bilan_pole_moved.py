"""A pole that changed region is counted where it was when things happened: the region it left keeps, in its yearly
review, the transfers and accompaniments of before its departure; the region it joined counts what came after. The
review of each says how many poles left or joined the region in the year (counts, no names)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.agenda.bilan import bilan
from app.poles.region_history import record_move
from models import Accompaniment, AccompanimentKind, Need, NeedKind, Pairing, PairingStatus, PoleRegionMove, Role
from tests.app.html_parts import page_text

S = PairingStatus


def _pairing(db, pole, author, person, status: PairingStatus, decided: datetime,
             completed: datetime | None = None) -> None:
    need = Need(pole=pole, author=author, title="Structurer la coopération", text="Un besoin.", kind=NeedKind.TRANSFER)
    db.add(Pairing(need=need, resource_person=person, status=status, created_at=decided, decided_at=decided,
                   status_changed_at=completed or decided, completed_at=completed))
    db.commit()


@pytest.fixture
def moved_in_june(db, make_user, make_pole, make_resource_person):
    """A pole of Occitanie (76) that joined Auvergne-Rhône-Alpes (84) on 15 June 2026: a transfer accepted in
    January and completed in April, an accompaniment in March, before; a transfer accepted in September, after."""
    pole = make_pole(region_code="76")
    author, person = make_user(Role.FACILITATOR, pole=pole), make_resource_person()
    cra_occitanie = make_user(Role.ORGANISER, region_code="76")
    _pairing(db, pole, author, person, S.COMPLETED, datetime(2026, 1, 12, 9), datetime(2026, 4, 1, 15))
    db.add(Accompaniment(pole=pole, author=cra_occitanie, kind=AccompanimentKind.DIAGNOSTIC,
                         happened_on=date(2026, 3, 2)))
    pole.region_code = "84"
    record_move(pole, from_region="76", at=datetime(2026, 6, 15, 10))
    db.commit()
    _pairing(db, pole, author, person, S.IN_PROGRESS, datetime(2026, 9, 8, 9))
    return pole


def test_the_region_a_pole_left_keeps_what_happened_there(moved_in_june):
    left, joined, national = (bilan(year=2026, region_code=r).one_to_one for r in ("76", "84", None))
    assert (left.transfers_started, left.transfers_completed, left.accompaniments_total) == (1, 1, 1)
    assert (joined.transfers_started, joined.transfers_completed, joined.accompaniments_total) == (1, 0, 0)
    assert (national.transfers_started, national.transfers_completed, national.accompaniments_total) == (2, 1, 1)
    # The year before the move, and a year with no move: the pole's region of today for what comes after.
    assert bilan(year=2026, region_code="53").one_to_one.transfers_started == 0


def test_the_review_says_how_many_poles_left_or_joined(moved_in_june, client, login, make_user):
    assert bilan(year=2026, region_code="76").moves_said == "1\u00a0pôle a quitté la région"
    assert bilan(year=2026, region_code="84").moves_said == "1\u00a0pôle l'a rejointe"
    assert bilan(year=2025, region_code="76").moves_said == ""
    login(make_user(Role.ORGANISER, region_code="76"))
    page = " ".join(page_text(client.get("/organisation/bilan?annee=2026")).split())
    assert "Un pôle qui a changé de région compte là où il était au moment des faits" in page.replace("\u00a0", " ")
    assert "En 2026, 1 pôle a quitté la région." in page.replace("\u00a0", " ")
    assert moved_in_june.name not in page  # a pole that left is its new region's to name
    assert "Les pôles nommés ici sont ceux de la région aujourd'hui" in page  # its participation in sessions


def test_a_pole_edited_into_another_region_keeps_its_move(db, make_user, make_pole):
    from app.poles.services import update_pole

    pole = make_pole(region_code="76")
    admin = make_user(Role.ADMIN)
    data = {"name": pole.name, "region_code": "76", "maturity": "emergent", "departements": [], "themes": []}
    update_pole(pole, data=data, by=admin)  # the same region: no move
    assert db.query(PoleRegionMove).count() == 0
    update_pole(pole, data=data | {"region_code": "84"}, by=admin)
    move = db.query(PoleRegionMove).one()
    assert (move.pole_id, move.from_region_code, move.to_region_code) == (pole.id, "76", "84")
