"""The last seats under concurrent registrations, and seats added while people register (PostgreSQL row lock)."""

from __future__ import annotations

import dataclasses
import os
import threading

import pytest
from sqlalchemy import func, select

from app.agenda import edits, services
from app.extensions import db as db_ext
from models import CollectiveRegistration, CollectiveSession, RegistrationStatus, Role, User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]


def test_fifty_people_for_the_last_ten_seats(app, db, publish, make_user, make_pole):
    session = publish(capacity=12)
    early = [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2)]
    for person in early:
        services.register(session_id=session.id, user=person)
    crowd = [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(50)]
    session_id = session.id
    barrier = threading.Barrier(len(crowd))
    errors: list[BaseException] = []

    def register(user_id):
        with app.app_context():
            try:
                barrier.wait(timeout=60)  # before any connection is taken: the pool is smaller than the crowd
                user = db_ext.session.get(User, user_id)
                services.register(session_id=session_id, user=user)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=register, args=(u.id,)) for u in crowd]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    db.expire_all()
    counts = dict(db.execute(select(CollectiveRegistration.status, func.count())
                             .where(CollectiveRegistration.collective_session_id == session_id)
                             .group_by(CollectiveRegistration.status)).all())
    assert counts == {RegistrationStatus.REGISTERED: 12, RegistrationStatus.WAITLISTED: 40}


def test_more_seats_racing_newcomers_go_to_the_first_people_waiting(app, db, publish, organiser, make_user, make_pole):
    session = publish(capacity=2)
    waiting = [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(8)]
    for person in waiting:  # two seated, then six waiting in this order
        services.register(session_id=session.id, user=person)
    newcomers = [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(12)]
    session_id, organiser_id = session.id, organiser.id
    changes = dataclasses.replace(_stored(session), capacity=6)

    def raise_capacity():
        edits.edit_session(session_id=session_id, organiser=db_ext.session.get(User, organiser_id), changes=changes)

    assert _race(app, [raise_capacity, *(_register(session_id, u.id) for u in newcomers)]) == []
    db.expire_all()
    seated = set(db.scalars(select(CollectiveRegistration.user_id).where(
        CollectiveRegistration.collective_session_id == session_id,
        CollectiveRegistration.status == RegistrationStatus.REGISTERED)))
    # Six seats, never more; the four added go to the first four waiting, never to a newcomer who came later.
    assert seated == {person.id for person in waiting[:6]}


def test_fewer_seats_racing_newcomers_never_leaves_more_people_than_seats(app, db, publish, organiser, make_user,
                                                                          make_pole):
    session = publish(capacity=12)
    for _ in range(2):
        services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole()))
    newcomers = [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(20)]
    session_id, organiser_id = session.id, organiser.id
    changes = dataclasses.replace(_stored(session), capacity=3)

    def lower_capacity():
        edits.edit_session(session_id=session_id, organiser=db_ext.session.get(User, organiser_id), changes=changes)

    # The edit may come after too many seats were taken: then it is refused, which is fine.
    actions = [*(_register(session_id, u.id) for u in newcomers[:10]), lower_capacity,
               *(_register(session_id, u.id) for u in newcomers[10:])]
    assert _race(app, actions, tolerated=(services.AgendaRefused,)) == []
    db.expire_all()
    stored = db.get(CollectiveSession, session_id)
    assert services.registered_count(session_id) <= stored.capacity  # the check and the write under one lock


def _stored(session) -> edits.SessionChanges:
    return edits.SessionChanges(
        title=session.title, description=session.description, speakers=session.speakers,
        theme_codes=[theme.code for theme in session.themes], online=session.online, video_url=session.video_url,
        place=session.place, departement_code=session.departement_code, capacity=session.capacity,
        registration_deadline=session.registration_deadline)


def _register(session_id: int, user_id: int):
    return lambda: services.register(session_id=session_id, user=db_ext.session.get(User, user_id))


def _race(app, actions, *, tolerated: tuple[type[BaseException], ...] = ()) -> list[BaseException]:
    """Run ``actions`` in threads released at once (each in its own app context); the errors they raised, but
    ``tolerated`` ones."""
    barrier = threading.Barrier(len(actions))
    errors: list[BaseException] = []

    def run(action):
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                action()
            except tolerated:
                pass
            except BaseException as error:  # noqa: BLE001 - reported by the caller
                errors.append(error)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def test_the_same_form_sent_at_once_publishes_one_session(app, db, organiser):
    """Two tabs (or Back then send while the first is still on its way) race with one key: one session."""
    from tests.app.agenda.conftest import draft

    organiser_id, made, errors = organiser.id, [], []
    barrier = threading.Barrier(6)

    def send():
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                me = db_ext.session.get(User, organiser_id)
                made.append(services.publish(organiser=me, draft=draft(), idempotency_key="cle-partagee").id)
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert len(set(made)) == 1 and db.scalar(select(func.count(CollectiveSession.id))) == 1


def test_cancel_clicked_twice_at_once_cancels_and_tells_once(app, db, publish, organiser, make_user, make_pole,
                                                             monkeypatch):
    """Both clicks find the session still on: one cancels it and says whom it told, the other says it was already
    cancelled — neither an error page nor a second round of cancellation mails."""
    from app.agenda import cancellation
    from models import CollectiveSession, OutboxMessage
    from tests.races import in_step, together

    session = publish(capacity=5)
    for _ in range(3):
        services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole()))
    session_id, organiser_id = session.id, organiser.id
    in_step(monkeypatch, cancellation, "cancel_meeting")  # both read « not cancelled » before either writes

    def cancel():
        return cancellation.cancel(session=db_ext.session.get(CollectiveSession, session_id),
                                   organiser=db_ext.session.get(User, organiser_id), message="Intervenante malade.")

    outcomes = together(app, {"clic": cancel, "double clic": cancel})
    assert sorted(outcomes.values(), key=repr) == [3, None], outcomes
    db.expire_all()
    told = [k for k in db.scalars(select(OutboxMessage.key)) if k.endswith(":cancelled")]
    assert len(told) == 3, told
