"""Two days of one transfer never overlap: the second is refused beside its start, naming the day it overlaps (walk
of 7 December 2026: « jeudi 21 janvier de 9 h à 17 h » then « de 10 h à 12 h » were both planned, two calendar
entries and two reminders for the same people at the same hours)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.transfers import services
from models import PairingDay, PairingStatus, utcnow

pytestmark = pytest.mark.web


def _accepted(scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    return pairing


def _day(hour: int, hours: int) -> services.DayPlan:
    start = (utcnow() + timedelta(days=12)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return services.DayPlan(starts_at_utc=start, ends_at_utc=start + timedelta(hours=hours), timezone="UTC")


def test_a_day_inside_another_is_refused_naming_it(db, scene):
    pairing = _accepted(scene)
    services.plan_day(pairing, actor=scene.facilitator, day=_day(8, 8))
    with pytest.raises(services.TransferError) as refused:
        services.plan_day(pairing, actor=scene.facilitator, day=_day(9, 2))
    problem = refused.value.problems[0]
    assert problem.field == "start"
    assert str(refused.value).startswith("Une autre journée de ce transfert occupe déjà une partie de ces heures")
    assert "de 8 h à 16 h." in str(refused.value).replace("\u00a0", " ")
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PairingDay).where(PairingDay.pairing_id == pairing.id)) == 1


def test_a_day_that_begins_when_another_ends_is_planned(db, scene):
    pairing = _accepted(scene)
    services.plan_day(pairing, actor=scene.facilitator, day=_day(8, 4))
    services.plan_day(pairing, actor=scene.facilitator, day=_day(12, 4))
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(PairingDay).where(PairingDay.pairing_id == pairing.id)) == 2
