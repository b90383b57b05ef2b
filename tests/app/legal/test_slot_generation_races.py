"""The daily job that opens the lawyers' slots and the administration deactivating a lawyer at the same instant
(PostgreSQL). The job read the lawyer active, the deactivation withdrew her slots to come and committed, then the job
opened the months it had not opened yet: slots of a deactivated lawyer, open to booking, that no withdrawal would
close (a reactivation reopens nothing). The job now locks each lawyer's account and reads it again before opening
her slots: the deactivation waits for them and withdraws them, or the job finds the account deactivated."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import func, select

from app.admin import accounts
from app.extensions import db as db_ext
from app.legal import slots
from app.legal.slot_rules import SlotRule
from models import LegalSlot, Meeting, MeetingStatus, Role, User, utcnow
from tests.races import hold, on_postgres, together

pytestmark = on_postgres

RULE = SlotRule.parse(start="14:00", end="17:00", minutes=45, timezone="Europe/Paris")


def test_slots_opened_as_the_lawyer_is_deactivated_are_none_left_open(app, db, make_user, make_lawyer, monkeypatch):
    lawyer = make_lawyer()
    lawyer_id, lawyer_user_id, admin_id = lawyer.id, lawyer.user_id, make_user(Role.ADMIN).id
    deactivated = threading.Event()
    hold(monkeypatch, slots, "place_of", thread="job", until=deactivated)  # the job read her active, then waits

    def deactivate() -> None:
        try:
            accounts.set_active(admin=db_ext.session.get(User, admin_id),
                                user=db_ext.session.get(User, lawyer_user_id), active=False)
        finally:
            deactivated.set()

    outcomes = together(app, {"job": lambda: slots.generate_slots(today=date.today(), months=3, rule=RULE),
                              "deactivation": deactivate})

    assert not any(isinstance(outcome, BaseException) for outcome in outcomes.values()), outcomes
    db.expire_all()
    open_slots = db.scalar(select(func.count(LegalSlot.id)).join(LegalSlot.session).where(
        LegalSlot.lawyer_profile_id == lawyer_id, Meeting.status == MeetingStatus.SCHEDULED,
        LegalSlot.starts_at > utcnow()))
    assert open_slots == 0, "a deactivated lawyer's slots are open to booking"
