"""The organiser cancels a person's registration while that person leaves (PostgreSQL): the session's row is locked
before the registration is read, so it is cancelled once and its seat given to one person waiting, once."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.agenda import organiser_cancel, services
from app.agenda.services import AgendaRefused
from app.extensions import db as db_ext
from models import CollectiveRegistration, OutboxMessage, RegistrationStatus, Role, User
from tests.races import in_step, on_postgres, together

pytestmark = on_postgres


def _refused_or(call: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        try:
            return call()
        except AgendaRefused as refused:
            return refused.message
    return run


def test_the_organiser_cancelling_while_the_person_leaves_cancels_once_and_promotes_once(
        app, db, publish, organiser, make_user, make_pole, monkeypatch):
    session = publish(capacity=1)
    seated, first, second = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(3))
    registration = services.register(session_id=session.id, user=seated)
    for person in (first, second):
        services.register(session_id=session.id, user=person)
    session_id, registration_id, seated_id, organiser_id = session.id, registration.id, seated.id, organiser.id
    in_step(monkeypatch, services, "give_back")  # both past their checks before either writes

    outcomes = together(app, {
        "organiser": _refused_or(lambda: organiser_cancel.cancel_registration(
            session_id=session_id, registration_id=registration_id,
            organiser=db_ext.session.get(User, organiser_id))),
        "person": _refused_or(lambda: services.unregister(session_id=session_id,
                                                          user=db_ext.session.get(User, seated_id))),
    })

    assert not any(isinstance(outcome, BaseException) for outcome in outcomes.values()), outcomes
    db.expire_all()
    rows = {r.user_id: r for r in db.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session_id))}
    assert rows[seated_id].status is RegistrationStatus.CANCELLED and rows[seated_id].version == 2
    assert (rows[first.id].status, rows[second.id].status) == (RegistrationStatus.REGISTERED,
                                                               RegistrationStatus.WAITLISTED)
    keys = list(db.scalars(select(OutboxMessage.key).where(OutboxMessage.key.contains(f"agenda:{session_id}:"))))
    assert len([k for k in keys if k.endswith(":promoted")]) == 1
    assert len([k for k in keys if f"registration:{registration_id}:v2:" in k]) == 1  # told once, by one of them
