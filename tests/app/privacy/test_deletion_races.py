"""An account deleted while its person registers for a session in another tab, or deleted by two clicks at once
(PostgreSQL). The deletion did not lock the account as a deactivation does: its hooks read the seats to release
before the registration committed, the account's row went after it — a seat kept by nobody (its person gone, the
first one waiting never promoted)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.agenda import services as agenda
from app.extensions import db as db_ext
from app.privacy import services as privacy
from app.refused import Refused
from models import CollectiveRegistration, RegistrationStatus, Role, User
from tests.app.agenda.conftest import draft
from tests.races import on_postgres, together

pytestmark = on_postgres


def test_a_seat_taken_as_the_account_is_deleted_is_released_or_refused(app, db, monkeypatch, make_user, make_pole):
    session_id = agenda.publish(organiser=make_user(Role.ORGANISER), draft=draft(capacity=1)).id
    person_id = make_user(Role.FACILITATOR, pole=make_pole()).id
    waiting_id = make_user(Role.FACILITATOR, pole=make_pole()).id
    locked, deleted, order = threading.Event(), threading.Event(), []
    session_lock = agenda.locked_session

    def held_after_the_account_lock(session_id):
        """The person's request has locked its account (still there, active): it waits for the deletion (2 s)."""
        if threading.current_thread().name == "person":
            locked.set()
            deleted.wait(2)
        return session_lock(session_id)

    monkeypatch.setattr(agenda, "locked_session", held_after_the_account_lock)

    def person():
        try:
            return agenda.register(session_id=session_id, user=db_ext.session.get(User, person_id)).status
        finally:
            order.append("person")

    def delete():
        locked.wait(5)
        privacy.delete_account(db_ext.session, user=db_ext.session.get(User, person_id))
        order.append("deletion")
        deleted.set()

    outcomes = together(app, {"person": person, "deletion": delete})
    assert outcomes["deletion"] is None, outcomes
    db.expire_all()
    assert db.get(User, person_id) is None
    taken = db.scalar(select(func.count()).select_from(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session_id,
        CollectiveRegistration.status == RegistrationStatus.REGISTERED))
    assert taken == 0, "a seat is kept by an account deleted"
    if outcomes["person"] is RegistrationStatus.REGISTERED:
        assert order == ["person", "deletion"], outcomes
    else:
        assert isinstance(outcomes["person"], Refused), outcomes
    # The seat is free: the next person gets it.
    assert agenda.register(session_id=session_id, user=db.get(User, waiting_id)).status is RegistrationStatus.REGISTERED


def test_an_account_deleted_by_two_clicks_at_once_is_deleted_once(app, db, make_user):
    user_id = make_user(Role.FACILITATOR).id

    def delete():
        return privacy.delete_account(db_ext.session, user=db_ext.session.get(User, user_id))

    outcomes = together(app, {"clic 1": delete, "clic 2": delete})
    assert outcomes == {"clic 1": None, "clic 2": None}, outcomes
    db.expire_all()
    assert db.get(User, user_id) is None
