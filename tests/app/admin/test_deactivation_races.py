"""An account deactivated by the administration while its person books a Juri-PTCE slot or registers for a
session (PostgreSQL): the request began signed in, the deactivation commits while it runs. The slot or the seat
is either taken before the deactivation (the account page then names it among the commitments left) or refused:
never given after it to an account nobody can open any more, out of the administrator's sight."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.admin import accounts
from app.agenda import services as agenda
from app.extensions import db as db_ext
from app.legal import bookings
from app.refused import Refused
from models import AuditEvent, Booking, CollectiveRegistration, Role, User
from tests.app.agenda.conftest import draft
from tests.races import hold, in_step, on_postgres, together

pytestmark = on_postgres


def _race(app, monkeypatch, *, person_id: int, admin_id: int, owner: object, first_step: str, act) -> tuple:
    """The person's request, held at its first step until the deactivation committed (2 s at most), against the
    deactivation; what each said, and the order they committed in."""
    deactivated, order = threading.Event(), []
    hold(monkeypatch, owner, first_step, thread="person", until=deactivated)

    def person():
        me = db_ext.session.get(User, person_id)  # signed in: the account was active when the request began
        try:
            return act(me)
        finally:
            order.append("person")

    def deactivate():
        accounts.set_active(admin=db_ext.session.get(User, admin_id), user=db_ext.session.get(User, person_id),
                            active=False)
        order.append("deactivation")
        deactivated.set()

    outcomes = together(app, {"person": person, "deactivation": deactivate})
    assert outcomes["deactivation"] is None, outcomes
    return outcomes["person"], order


def test_a_slot_booked_as_the_account_is_deactivated(app, db, monkeypatch, make_user, make_lawyer, make_slot):
    slot_id = make_slot(make_lawyer()).id
    person, admin = make_user(Role.FACILITATOR), make_user(Role.ADMIN)
    said, order = _race(app, monkeypatch, person_id=person.id, admin_id=admin.id, owner=bookings,
                        first_step="lock_booker", act=lambda me: bookings.book_slot(
                            slot_id=slot_id, booker=me, question="Statuts de notre SCIC ?", idempotency_key="k"))
    db.expire_all()
    booked = db.scalar(select(func.count()).select_from(Booking).filter_by(booker_id=person.id))
    if booked:
        assert order == ["person", "deactivation"], "a slot went to an account already deactivated"
    else:
        assert isinstance(said, Refused) and "désactivé" in str(said), said


def test_a_seat_taken_as_the_account_is_deactivated(app, db, monkeypatch, make_user, make_pole):
    organiser = make_user(Role.ORGANISER)
    session_id = agenda.publish(organiser=organiser, draft=draft(capacity=1)).id
    person, admin = make_user(Role.FACILITATOR, pole=make_pole()), make_user(Role.ADMIN)
    said, order = _race(app, monkeypatch, person_id=person.id, admin_id=admin.id, owner=agenda,
                        first_step="locked_session",
                        act=lambda me: agenda.register(session_id=session_id, user=me))
    db.expire_all()
    seated = db.scalar(select(func.count()).select_from(CollectiveRegistration).filter_by(user_id=person.id))
    if seated:
        assert order == ["person", "deactivation"], "a seat went to an account already deactivated"
    else:
        assert isinstance(said, Refused) and "désactivé" in str(said), said


def test_deactivate_clicked_twice_at_once_is_recorded_once(app, db, monkeypatch, make_user):
    """Both clicks read the account active before either writes: the audit log must not say it was deactivated
    twice (nor the second click end the sessions a reactivation in between had let in)."""
    person, admin = make_user(Role.FACILITATOR), make_user(Role.ADMIN)
    in_step(monkeypatch, accounts, "_snapshot")  # each click has read « active » before either writes

    def deactivate():
        return accounts.set_active(admin=db_ext.session.get(User, admin.id),
                                   user=db_ext.session.get(User, person.id), active=False).is_active

    outcomes = together(app, {"clic": deactivate, "double clic": deactivate})
    assert outcomes == {"clic": False, "double clic": False}, outcomes
    assert db.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="account.deactivate")) == 1
