"""The one transaction rule (app/transactions.py): commit on return, roll back on a refusal, nest."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.refused import Refused
from app.transactions import savepoint, transactional, unit_of_work
from models import Pole


def _count(db) -> int:
    return db.execute(select(func.count(Pole.id))).scalar_one()


def test_unit_of_work_commits_on_return(db):
    with unit_of_work():
        db.add(Pole(name="Pôle engagé", region_code="53"))
    db.rollback()  # nothing pending: it was committed
    assert _count(db) == 1


def test_unit_of_work_rolls_back_on_refusal(db):
    with pytest.raises(Refused, match="non"), unit_of_work():
        db.add(Pole(name="Pôle à moitié écrit", region_code="53"))
        db.flush()
        raise Refused("non")
    assert _count(db) == 0


def test_nested_operations_join_the_outer_unit(db):
    @transactional
    def inner() -> None:
        db.add(Pole(name="Pôle intérieur", region_code="53"))

    with pytest.raises(Refused), unit_of_work():
        inner()  # does not commit on its own
        raise Refused("refus après l'opération intérieure")
    assert _count(db) == 0


def test_savepoint_keeps_the_outer_unit(db):
    with unit_of_work():
        db.add(Pole(name="Pôle gardé", region_code="53"))
        with pytest.raises(Refused), savepoint():
            db.add(Pole(name="Pôle annulé", region_code="53"))
            db.flush()
            raise Refused("seulement ce bloc")
    assert db.execute(select(Pole.name)).scalars().all() == ["Pôle gardé"]
