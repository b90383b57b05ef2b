"""The needs a resource person's page no longer offers her: those of a transfer she completed too (walk of 6 December
2026: right after completing the Lauragais transfer, its need came back first in « Besoins ouverts auxquels vous
pourriez répondre », as if she had never answered it)."""

from __future__ import annotations

from datetime import timedelta

from app.transfers import services
from models import PairingStatus as S, utcnow


def test_a_need_whose_transfer_she_completed_is_settled_for_her(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    start = utcnow() - timedelta(days=3)
    services.plan_day(pairing, actor=scene.finance.user, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=2), timezone="Europe/Paris", already_held=True))
    assert scene.finance_need.id in services.needs_settled_for(scene.finance.id)  # in progress, as before
    services.transition(pairing, S.COMPLETED, actor=scene.finance.user)
    assert scene.finance_need.id in services.needs_settled_for(scene.finance.id)
    assert scene.finance_need.id not in services.needs_settled_for(scene.food.id)
