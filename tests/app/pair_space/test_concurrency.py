"""« Je peux aider » clicked at the same instant in ten tabs makes one open request (PostgreSQL)."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.pair_space.initiative import offer_help
from app.refused import Refused
from models import Need, NeedKind, Pairing, ResourcePerson, Role

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="TEST_DATABASE_URL (PostgreSQL) absent"),
]
N = 10


@pytest.mark.parametrize("same_form", [True, False])
def test_ten_concurrent_offers_make_one_request(app, db, make_user, make_pole, make_resource_person, same_form):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    person = make_resource_person()
    need = Need(pole=pole, author=facilitator, title="Financer la coordination", kind=NeedKind.TRANSFER,
                text="Nous cherchons à diversifier le financement de notre poste de coordination mutualisé.")
    db.add(need)
    db.commit()
    need_id, person_id, key = need.id, person.id, uuid.uuid4().hex
    barrier, lock, outcomes = threading.Barrier(N), threading.Lock(), []

    def one() -> None:
        with app.app_context():
            session = db_ext.session
            try:
                barrier.wait(timeout=60)
                offer_help(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                           message="Je peux aider.", idempotency_key=key if same_form else uuid.uuid4().hex)
                outcome = "ok"
            except Refused as refusal:
                outcome = f"refus : {refusal}"
            except Exception as error:  # noqa: BLE001 - a crash is reported as an outcome
                outcome = f"erreur : {type(error).__name__}: {error}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=one) for _ in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == N
    if same_form:
        assert outcomes == ["ok"] * N, outcomes
    else:
        assert outcomes.count("ok") == 1 and all("déjà en cours" in o for o in outcomes if o != "ok"), outcomes
    db.expire_all()
    assert db.scalar(select(func.count(Pairing.id))) == 1
