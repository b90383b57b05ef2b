"""The rule of a transfer day's times, as ``plan_day`` and the day form ask it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.scheduling.horizon import FURTHEST_AHEAD, TOO_FAR
from app.transfers import services
from app.transfers.day_rules import (
    DAY_END_BEFORE_START, DAY_NOT_YET_HELD, DAY_PAST, day_problems,
)
from app.transfers.states import TransferError
from models import PairingStatus

NOW = datetime(2026, 12, 6, 10, 0)


def _said(starts_at: datetime, hours: float = 3, *, held: bool = False) -> list[tuple[str, str | None]]:
    return [(p.message, p.field) for p in day_problems(starts_at, starts_at + timedelta(hours=hours), NOW,
                                                        already_held=held)]


def test_a_day_to_come_within_two_years_is_fine():
    assert _said(NOW + timedelta(days=30)) == []
    assert _said(NOW + FURTHEST_AHEAD - timedelta(days=1)) == []


def test_each_problem_names_its_field():
    assert _said(NOW - timedelta(days=1)) == [(DAY_PAST, "day")]
    assert _said(NOW - timedelta(days=1), held=True) == []
    assert _said(NOW + timedelta(days=1), held=True) == [(DAY_NOT_YET_HELD, "already_held")]
    assert _said(NOW + FURTHEST_AHEAD + timedelta(days=1)) == [(TOO_FAR, "day")]
    assert _said(NOW + timedelta(days=3), hours=-1) == [(DAY_END_BEFORE_START, "end")]
    assert _said(NOW - timedelta(days=3), hours=-1) == [(DAY_END_BEFORE_START, "end"), (DAY_PAST, "day")]


def test_plan_day_refuses_a_past_day_not_said_held(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    start = datetime.now().replace(microsecond=0) - timedelta(days=5)
    plan = dict(starts_at_utc=start, ends_at_utc=start + timedelta(hours=2), timezone="Europe/Paris")
    with pytest.raises(TransferError) as refused:
        services.plan_day(pairing, actor=scene.facilitator, day=services.DayPlan(**plan))
    assert refused.value.problems[0].field == "day"
    assert services.plan_day(pairing, actor=scene.facilitator, day=services.DayPlan(**plan, already_held=True))
