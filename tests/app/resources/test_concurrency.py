"""An offer's publishing form sent by several requests at the same instant (a double click, two tabs) publishes
one offer, and the requests that lost the race on its key answer with it (PostgreSQL)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from models import Offer
from tests.races import together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]


def test_an_offer_sent_at_once_by_six_requests_is_published_once(app, db, make_resource_person):
    from app.extensions import db as db_ext
    from app.resources import services
    from models import ResourcePerson

    person_id = make_resource_person().id
    data = {"title": "Négocier une convention pluriannuelle", "idempotency_key": "cle-partagee",
            "text": "J'ai négocié au Ségala une convention pluriannuelle d'objectifs avec la communauté de communes."}

    def send():
        return services.save_offer(None, profile=db_ext.session.get(ResourcePerson, person_id), data=data).id

    outcomes = together(app, {f"envoi {n}": send for n in range(6)})
    assert len(set(outcomes.values())) == 1 and all(isinstance(o, int) for o in outcomes.values()), outcomes
    db.expire_all()
    assert db.scalar(select(func.count(Offer.id))) == 1
