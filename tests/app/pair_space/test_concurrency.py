"""« Je peux aider » clicked at the same instant in ten tabs makes one open request; a status saved as the
objectives are rewritten is kept or refused, never lost (PostgreSQL)."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.pair_space.initiative import offer_help
from app.pair_space.objectives import FormThingGone, objectives_of, set_objective_status, set_objectives
from app.refused import Refused
from models import Need, NeedKind, Pairing, ResourcePerson, Role, TransferObjective, User

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



def _status_against_rewrite(app, pair) -> dict[str, str]:
    """One round: the facilitator saves the status of « Un » as the resource person rewrites « Un », « Deux »
    into « Un », « Trois »; each side's outcome."""
    kept, _ = set_objectives(pairing=pair.pairing, user=pair.facilitator, texts=["Un", "Deux"])
    pairing_id, kept_id, person_id, facilitator_id = pair.pairing.id, kept.id, pair.person.id, pair.facilitator.id
    barrier, lock, outcomes = threading.Barrier(2), threading.Lock(), {}

    def side(name: str, act) -> None:
        with app.app_context():
            session = db_ext.session
            act = act(session)
            barrier.wait(timeout=60)
            try:
                act()
                outcome = "ok"
            except FormThingGone:
                outcome = "gone"
            except Exception as error:  # noqa: BLE001 - a crash is reported as an outcome
                outcome = f"erreur : {type(error).__name__}: {error}"
        with lock:
            outcomes[name] = outcome

    def status(session):
        objective, user = session.get(TransferObjective, kept_id), session.get(User, facilitator_id)
        return lambda: set_objective_status(objective=objective, user=user, status="reached")

    def rewrite(session):
        pairing, user = session.get(Pairing, pairing_id), session.get(User, person_id)
        return lambda: set_objectives(pairing=pairing, user=user, texts=["Un", "Trois"])

    threads = [threading.Thread(target=side, args=("status", status)),
               threading.Thread(target=side, args=("rewrite", rewrite))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_a_status_saved_while_the_objectives_are_rewritten_is_kept_or_refused(app, db, pair):
    """The other side rewrites the list (its rows replaced) as a status is saved: either the status is saved
    first and the rewrite keeps it (it follows its text), or the rewrite goes first and the status save says
    the objective changed. Never a crash, never a status said saved and then lost."""
    for _ in range(8):
        outcomes = _status_against_rewrite(app, pair)
        assert outcomes["rewrite"] == "ok", outcomes
        db.expire_all()
        final = {o.text: o.status for o in objectives_of(pair.pairing)}
        assert set(final) == {"Un", "Trois"}
        assert outcomes["status"] in ("ok", "gone"), outcomes
        assert final["Un"] == ("reached" if outcomes["status"] == "ok" else "open"), (outcomes, final)
        # The next round starts again from « Un » open.
        set_objectives(pairing=pair.pairing, user=pair.facilitator, texts=["Deux", "Quatre"])
