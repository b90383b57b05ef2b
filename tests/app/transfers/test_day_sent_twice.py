"""The transfer day form sent twice (a double click, Back then send again) records one day and tells once; sent
again with other details for the same times, it is refused beside the date (the race itself, two requests at the
same instant, is in ``test_day_concurrency``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.transfers import services
from models import OutboxMessage, PairingDay, PairingStatus, utcnow

pytestmark = pytest.mark.web


def _accepted(scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    return pairing


def _day(**details: str) -> services.DayPlan:
    start = (utcnow() + timedelta(days=12)).replace(hour=8, minute=0, second=0, microsecond=0)
    return services.DayPlan(starts_at_utc=start, ends_at_utc=start + timedelta(hours=6), timezone="Europe/Paris",
                            label="Diagnostic", **details)


def _count(db, model, *where) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


def test_the_same_day_sent_twice_is_recorded_and_told_once(db, scene):
    pairing = _accepted(scene)
    first = services.plan_day(pairing, actor=scene.facilitator, day=_day())
    again = services.plan_day(pairing, actor=scene.facilitator, day=_day())
    assert again.id == first.id
    assert _count(db, PairingDay, PairingDay.pairing_id == pairing.id) == 1
    assert _count(db, OutboxMessage, OutboxMessage.attachment_name.is_not(None)) == 1


def test_the_same_times_told_otherwise_are_refused_beside_the_date(db, scene):
    """Back, another place typed, send: neither a second day nor the first one silently kept as first sent."""
    pairing = _accepted(scene)
    services.plan_day(pairing, actor=scene.facilitator, day=_day())
    with pytest.raises(services.TransferError) as refused:
        services.plan_day(pairing, actor=scene.facilitator, day=_day(location="Salle du conseil, Murat"))
    assert refused.value.problems[0].field == "day" and "déjà enregistrée" in str(refused.value)
    assert _count(db, PairingDay, PairingDay.pairing_id == pairing.id) == 1
