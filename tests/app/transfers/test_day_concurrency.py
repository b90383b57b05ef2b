"""Transfer days recorded at the same instant (PostgreSQL): two days at once keep the steps numbered by date, the
same form sent twice records one day, and a day recorded « already held » while the transfer is closed or
cancelled is either refused or closed with it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.transfers import lifecycle, services
from models import Meeting, MeetingStatus, OutboxMessage, Pairing, PairingDay, PairingStatus, User, utcnow
from tests.races import hold, on_postgres, together

pytestmark = on_postgres

S = PairingStatus


def _accepted(scene) -> Pairing:
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    return pairing


def _day(days: float, *, label: str = "") -> services.DayPlan:
    start = (utcnow() + timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0)
    return services.DayPlan(starts_at_utc=start, ends_at_utc=start + timedelta(hours=6), timezone="Europe/Paris",
                            label=label, already_held=days < 0)


def _plan(pairing_id: int, user_id: int, day: services.DayPlan):
    def call() -> int:
        session = db_ext.session
        return services.plan_day(session.get(Pairing, pairing_id), actor=session.get(User, user_id), day=day).id
    return call


def _days(db, pairing_id: int) -> list[tuple[int, str, str]]:
    """(stage, label, calendar title) of each day, by date."""
    db.expire_all()
    rows = db.execute(select(PairingDay.stage, PairingDay.label, Meeting.title).join(PairingDay.session)
                      .where(PairingDay.pairing_id == pairing_id).order_by(Meeting.starts_at)).all()
    return [tuple(row) for row in rows]


def test_two_days_recorded_at_once_are_numbered_by_date(app, db, scene):
    pairing = _accepted(scene)
    services.plan_day(pairing, actor=scene.facilitator, day=_day(20, label="Suite"))
    pairing_id, pole_user, person_user = pairing.id, scene.facilitator.id, scene.finance.user.id
    outcomes = together(app, {"pôle": _plan(pairing_id, pole_user, _day(-3, label="Diagnostic")),
                              "personne": _plan(pairing_id, person_user, _day(10, label="Atelier"))})
    assert all(isinstance(o, int) for o in outcomes.values()), outcomes
    days = _days(db, pairing_id)
    assert [(stage, label) for stage, label, _ in days] == [(1, "Diagnostic"), (2, "Atelier"), (3, "Suite")], days
    assert all(title.startswith(f"Transfert de savoir-faire ({stage})") for stage, _, title in days), days


def test_the_same_day_sent_twice_at_once_is_recorded_once(app, db, scene):
    """A double click on « Planifier la journée » (or Back, then send again): one day, one calendar invitation."""
    pairing = _accepted(scene)
    pairing_id, pole_user, day = pairing.id, scene.facilitator.id, _day(10, label="Diagnostic")
    outcomes = together(app, {"clic": _plan(pairing_id, pole_user, day),
                              "double clic": _plan(pairing_id, pole_user, day)})
    assert outcomes["clic"] == outcomes["double clic"], outcomes  # the second answer is the day the first made
    assert [(stage, label) for stage, label, _ in _days(db, pairing_id)] == [(1, "Diagnostic")]
    invitations = db.scalar(select(func.count()).select_from(OutboxMessage)
                            .where(OutboxMessage.attachment_name.is_not(None)))
    assert invitations == 1, invitations  # the resource person's, with the day's calendar file


@pytest.mark.parametrize("ending", [S.CANCELLED, S.COMPLETED])
def test_a_day_already_held_recorded_as_the_transfer_ends(app, db, scene, ending, monkeypatch):
    """The day's request is held after its checks until the transfer ended (2 s at most): under the transfer's
    lock the ending waits for the day instead, and closes it with the others."""
    ended = threading.Event()
    hold(monkeypatch, lifecycle, "day_problems", thread="journée", until=ended)
    pairing = _accepted(scene)
    services.plan_day(pairing, actor=scene.facilitator, day=_day(-10, label="Diagnostic"))  # held: in progress
    pairing_id, pole_user, person_user = pairing.id, scene.facilitator.id, scene.finance.user.id

    def end() -> str:
        session = db_ext.session
        services.transition(session.get(Pairing, pairing_id), ending, actor=session.get(User, person_user),
                            note="Le pôle a trouvé une autre solution.")
        ended.set()
        return "ok"

    outcomes = together(app, {"journée": _plan(pairing_id, pole_user, _day(-2, label="Atelier")), "fin": end})
    assert outcomes["fin"] == "ok", outcomes
    db.expire_all()
    days = db.scalars(select(PairingDay).where(PairingDay.pairing_id == pairing_id)).all()
    if isinstance(outcomes["journée"], int):  # recorded first: then ended with the transfer
        assert len(days) == 2
        if ending is S.CANCELLED:
            assert all(d.session.status is MeetingStatus.CANCELLED for d in days)
    else:
        assert isinstance(outcomes["journée"], services.TransferError), outcomes
        assert len(days) == 1
    assert [d.stage for d in sorted(days, key=lambda d: d.session.starts_at)] == list(range(1, len(days) + 1))

