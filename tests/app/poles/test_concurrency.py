"""A need's publishing form sent by several requests at the same instant (a double click, two tabs) publishes one
need, and the requests that lost the race on its key answer with it (PostgreSQL)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from models import Need, Role
from tests.races import together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]


def test_a_need_sent_at_once_by_six_requests_is_published_once(app, db, make_pole, make_user):
    from app.extensions import db as db_ext
    from app.poles import services
    from models import Pole, User

    pole = make_pole()
    pole_id, author_id = pole.id, make_user(Role.FACILITATOR, pole=pole).id
    data = {"title": "Garder la salle que la mairie nous prête", "kind": "any", "urgency": "2",
            "text": "La mairie nous prête la salle depuis dix ans, le nouveau maire veut la récupérer.",
            "idempotency_key": "cle-partagee"}

    def send():
        return services.save_need(None, pole=db_ext.session.get(Pole, pole_id),
                                  author=db_ext.session.get(User, author_id), data=data).id

    outcomes = together(app, {f"envoi {n}": send for n in range(6)})
    assert len(set(outcomes.values())) == 1 and all(isinstance(o, int) for o in outcomes.values()), outcomes
    db.expire_all()
    assert db.scalar(select(func.count(Need.id))) == 1
