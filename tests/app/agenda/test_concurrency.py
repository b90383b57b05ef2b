"""The last seats under concurrent registrations (PostgreSQL row lock)."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import func, select

from app.agenda import services
from app.extensions import db as db_ext
from models import CollectiveRegistration, RegistrationStatus, Role, User

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
