"""Two organisers cancel slots of the same session at once (PostgreSQL): the session's row is locked before the
slots are read, so the same slot is cancelled and told once, and two slots cancelled at once never leave a session
with none planned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.agenda import cancellation, services
from app.agenda.services import AgendaRefused
from app.extensions import db as db_ext
from models import Meeting, MeetingStatus, OutboxMessage, Role, User, utcnow
from tests.races import in_step, on_postgres, together

pytestmark = on_postgres


def _two_slots() -> list[services.SlotTimes]:
    start = (utcnow() + timedelta(days=10)).replace(minute=30, second=0, microsecond=0)
    return [services.SlotTimes(start, start + timedelta(hours=2)),
            services.SlotTimes(start + timedelta(days=7), start + timedelta(days=7, hours=2))]


def _cancel(session_id: int, slot_id: int, organiser_id: int) -> Callable[[], object]:
    def call() -> object:
        organiser = db_ext.session.get(User, organiser_id)
        try:
            return cancellation.cancel_slot(session_id=session_id, slot_id=slot_id, organiser=organiser,
                                            reason="Salle indisponible.")
        except AgendaRefused as refused:
            return refused.message
    return call


def test_the_same_slot_cancelled_twice_at_once_is_cancelled_and_told_once(app, db, publish, organiser, make_user,
                                                                          facilitator, monkeypatch):
    session = publish(slots=_two_slots())
    services.register(session_id=session.id, user=facilitator)
    other = make_user(Role.ORGANISER, name="Avise")
    slot_id, sequence = session.slots[1].id, session.slots[1].ical_sequence
    in_step(monkeypatch, cancellation, "cancel_meeting")  # both past their checks before either writes

    outcomes = together(app, {"a": _cancel(session.id, slot_id, organiser.id),
                              "b": _cancel(session.id, slot_id, other.id)})

    assert sorted(outcomes.values(), key=str) == [1, None]
    db.expire_all()
    assert db.get(Meeting, slot_id).ical_sequence == sequence + 1
    mails = db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":slot_cancelled"))).all()
    assert len(mails) == 1


def test_both_slots_cancelled_at_once_leave_one_planned(app, db, publish, organiser, make_user, monkeypatch):
    session = publish(slots=_two_slots())
    other = make_user(Role.ORGANISER, name="Avise")
    first, second = (slot.id for slot in session.slots)
    in_step(monkeypatch, cancellation, "cancel_meeting")

    outcomes = together(app, {"a": _cancel(session.id, first, organiser.id),
                              "b": _cancel(session.id, second, other.id)})

    assert sorted(map(str, outcomes.values())) == ["0", cancellation.LAST_SLOT]
    db.expire_all()
    statuses = sorted(db.scalars(select(Meeting.status).where(Meeting.id.in_([first, second]))), key=str)
    assert MeetingStatus.SCHEDULED in statuses and MeetingStatus.CANCELLED in statuses


@pytest.fixture
def facilitator(make_user, make_pole):
    return make_user(Role.FACILITATOR, pole=make_pole("Pôle des Monts", region_code="84"))
