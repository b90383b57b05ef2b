"""A day recorded after the fact (« Cette journée a déjà eu lieu ») before a day already planned is step 1: the
steps follow the dates, not the order they were typed in (walk 5: « Étape 2 — 20 novembre » stood under
« Étape 1 — 17 décembre », and « Mon espace » called the December day « Première journée »)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.transfers import services
from models import Pairing, PairingDay, PairingStatus, utcnow

pytestmark = pytest.mark.web


def _plan(pairing: Pairing, scene, days: int, label: str) -> None:
    start = (utcnow() + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
    services.plan_day(pairing, actor=scene.finance.user, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=3), timezone="Europe/Paris", label=label,
        already_held=days < 0))


def test_a_held_day_recorded_after_a_planned_one_comes_first(db, scene, client, login):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    _plan(pairing, scene, 10, "Diagnostic")
    _plan(pairing, scene, -15, "Premier échange")
    _plan(pairing, scene, 30, "Bilan")
    db.expire_all()
    days = db.scalars(select(PairingDay).where(PairingDay.pairing_id == pairing.id).order_by(PairingDay.stage)).all()
    assert [(d.stage, d.label) for d in days] == [(1, "Premier échange"), (2, "Diagnostic"), (3, "Bilan")]
    assert days[1].session.title.startswith("Transfert de savoir-faire (2)")
    login(scene.finance.user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert page.index("Étape 1 — Premier échange") < page.index("Étape 2 — Diagnostic") < page.index("Étape 3 — Bilan")


def test_a_renumbered_day_keeps_a_calendar_title_its_column_holds_and_calendars_hear_of_it(db, scene):
    """A need's title may take its 200 characters: « Transfert de savoir-faire (2) — » before it made 232, which the
    meetings' column (200) refuses on PostgreSQL when a day recorded after the fact renumbered the others (a
    500). The new title now goes through the scheduling backbone: cut as every meeting title, SEQUENCE moved."""
    from models import Meeting

    scene.finance_need.title = "Mutualiser " + "W" * 189
    db.commit()
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    _plan(pairing, scene, 10, "Diagnostic")
    sequence = db.scalars(select(PairingDay).where(PairingDay.pairing_id == pairing.id)).one().session.ical_sequence
    _plan(pairing, scene, -15, "Premier échange")
    db.expire_all()
    days = db.scalars(select(PairingDay).where(PairingDay.pairing_id == pairing.id).order_by(PairingDay.stage)).all()
    limit = Meeting.__table__.c.title.type.length
    assert [len(d.session.title) <= limit for d in days] == [True, True]
    assert days[1].label == "Diagnostic" and days[1].session.title.startswith("Transfert de savoir-faire (2)")
    assert days[1].session.ical_sequence == sequence + 1
