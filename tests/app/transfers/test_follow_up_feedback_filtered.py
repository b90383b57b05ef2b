"""The follow-up's « Retours après transfert » and its CSV follow the filters (walk 5: filtered on one month, the
page read « Répartition (1 transfert) » and listed the feedback of a transfer the filters had left out; the
« Exporter les retours » link dropped the filters)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.transfers import services
from models import PairingStatus as S, utcnow

pytestmark = pytest.mark.web


def _completed_with_feedback(scene) -> None:
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    services.plan_day(pairing, actor=scene.facilitator, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=6), timezone="Europe/Paris", location="Angers",
        label="Diagnostic"))
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator)
    services.give_feedback(pairing, author=scene.facilitator, rating=4, transferred="Le plan de financement")


def test_the_feedback_shown_and_exported_follows_the_filters(client, login, scene):
    _completed_with_feedback(scene)
    services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    login(scene.organiser)
    everything = client.get("/organisation/suivi").get_data(as_text=True)
    assert "Le plan de financement" in everything
    page = client.get("/organisation/suivi?status=requested").get_data(as_text=True)
    assert "Répartition (1\u00a0transfert)" in page
    assert "Retours après transfert (aucun)" in page and "Le plan de financement" not in page
    assert "/organisation/suivi/retours.csv?status=requested" in page
    exported = client.get("/organisation/suivi/retours.csv?status=requested").get_data(as_text=True)
    assert "Le plan de financement" not in exported and exported.count("\r\n") == 1  # the header alone
    assert "Le plan de financement" in client.get("/organisation/suivi/retours.csv").get_data(as_text=True)
