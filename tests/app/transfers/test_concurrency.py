"""Capacity and one open transfer per (need, person) hold when many people act at the same instant.

Each test starts real threads, each with its own application context (hence its own database
session and connection), held at a barrier and released together: on PostgreSQL without the
resource person's lock, ten validations for a person with a capacity of 2 left 7 or 8 validated.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.transfers import services
from app.transfers.services import TransferError
from models import Need, NeedKind, Pairing, PairingStatus, ResourcePerson, User, utcnow
from tests.conftest import PASSWORD, extract_csrf

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="TEST_DATABASE_URL (PostgreSQL) absent"),
]

S = PairingStatus
N = 10


def _together(app: Flask, work: Callable[[int], str]) -> list[str]:
    """Run ``work(i)`` for i in 0..N-1 in N threads released at once; their outcomes ("ok" or an error)."""
    barrier = threading.Barrier(N)
    outcomes: list[str] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                outcome = work(i)
            except TransferError as error:
                outcome = f"refus : {error}"
            except Exception as error:  # noqa: BLE001 - a crash is reported as an outcome
                outcome = f"erreur : {type(error).__name__}: {error}"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == N
    return outcomes


def _needs(db, scene, count: int) -> list[Need]:
    needs = [Need(pole=scene.pole, author=scene.facilitator, title=f"Besoin {i} : financer la coordination",
                  text="Nous cherchons à diversifier le financement de notre poste de coordination mutualisé.",
                  kind=NeedKind.TRANSFER) for i in range(count)]
    db.add_all(needs)
    db.commit()
    return needs


def _count(db, **where: object) -> int:
    db.expire_all()
    query = select(func.count(Pairing.id))
    for name, value in where.items():
        column = getattr(Pairing, name)
        query = query.where(column.in_(value) if isinstance(value, tuple) else column == value)
    return db.scalar(query)


def test_ten_concurrent_validations_validate_exactly_the_capacity(app, db, scene, make_resource_person):
    person = make_resource_person(capacity=2)
    needs = _needs(db, scene, N)
    pairings = [services.request_transfer(need=need, person=person, requester=scene.facilitator)
                for need in needs]
    ids, organiser_id = [p.id for p in pairings], scene.organiser.id

    def validate(i: int) -> str:
        session = db_ext.session
        services.transition(session.get(Pairing, ids[i]), S.VALIDATED, actor=session.get(User, organiser_id))
        return "ok"

    outcomes = _together(app, validate)
    assert outcomes.count("ok") == 2, outcomes
    assert all(o.startswith("refus") and "plus de disponibilité" in o for o in outcomes if o != "ok"), outcomes
    assert _count(db, resource_person_id=person.id, status=S.VALIDATED) == 2


def test_ten_concurrent_proposals_never_exceed_the_capacity(app, db, scene, make_resource_person):
    person = make_resource_person(capacity=2)
    need_ids = [n.id for n in _needs(db, scene, N)]
    person_id, organiser_id = person.id, scene.organiser.id

    def propose(i: int) -> str:
        session = db_ext.session
        services.propose_pairing(need=session.get(Need, need_ids[i]), person=session.get(ResourcePerson, person_id),
                                 organiser=session.get(User, organiser_id))
        return "ok"

    outcomes = _together(app, propose)
    assert outcomes.count("ok") == 2, outcomes
    assert _count(db, resource_person_id=person.id, status=S.PROPOSED) == 2


def test_ten_concurrent_identical_proposals_make_one_open_pair(app, db, scene, make_resource_person):
    person = make_resource_person(capacity=12)
    need_id, person_id, organiser_id = scene.finance_need.id, person.id, scene.organiser.id

    def propose(_: int) -> str:  # ten tabs, ten forms: each has its own key
        session = db_ext.session
        services.propose_pairing(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                                 organiser=session.get(User, organiser_id), idempotency_key=uuid.uuid4().hex)
        return "ok"

    outcomes = _together(app, propose)
    assert outcomes.count("ok") == 1, outcomes
    assert all("déjà en cours" in o for o in outcomes if o != "ok"), outcomes
    assert _count(db, need_id=need_id, resource_person_id=person_id, status=tuple(services.OPEN_STATUSES)) == 1


def test_concurrent_acceptances_never_exceed_the_capacity(app, db, scene, make_resource_person):
    """Proposals made when the capacity was larger: the person's yes still stops at the capacity."""
    person = make_resource_person(capacity=N)
    needs = _needs(db, scene, N)
    ids = [services.propose_pairing(need=need, person=person, organiser=scene.organiser).id for need in needs]
    person.yearly_capacity = 3
    db.commit()
    user_id = person.user_id

    def accept(i: int) -> str:
        session = db_ext.session
        services.transition(session.get(Pairing, ids[i]), S.ACCEPTED, actor=session.get(User, user_id))
        return "ok"

    outcomes = _together(app, accept)
    assert outcomes.count("ok") == 3, outcomes
    assert _count(db, resource_person_id=person.id, status=S.ACCEPTED) == 3


def test_the_same_request_form_posted_ten_times_at_once_makes_one_request(app, db, scene):
    """Double clicks and retries: ten posts of one form (one key) → one pairing, and every post is answered."""
    need, person, email = scene.finance_need, scene.finance, scene.facilitator.email
    clients = []
    for _ in range(N):
        client = app.test_client()
        token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
        assert client.post("/compte/connexion", data={"csrf_token": token, "email": email,
                                                      "password": PASSWORD}).status_code == 302
        clients.append(client)
    page = clients[0].get("/transferts/demander", query_string={"need_id": need.id, "resource_person_id": person.id})
    key = extract_key(page.get_data(as_text=True))
    tokens = [extract_csrf(c.get(f"/besoins/{need.id}").get_data(as_text=True)) for c in clients]

    def post(i: int) -> str:
        response = clients[i].post("/transferts/demander", data={
            "csrf_token": tokens[i], "need_id": need.id, "resource_person_id": person.id, "confirm": "1",
            "message": "Bonjour, pouvez-vous nous aider ?", "idempotency_key": key})
        return f"{response.status_code} {response.headers.get('Location', '')}"

    outcomes = _together(app, post)
    assert _count(db, need_id=need.id, resource_person_id=person.id) == 1
    pairing_id = db.scalar(select(Pairing.id))
    assert outcomes == [f"302 /transferts/{pairing_id}"] * N, outcomes


def extract_key(page: str) -> str:
    import re

    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_ten_different_request_forms_at_once_make_one_open_request(app, db, scene):
    """Ten tabs of the same request (ten keys): the database keeps one open pairing, the others are told why."""
    need, person, facilitator_id = scene.finance_need, scene.finance, scene.facilitator.id
    need_id, person_id = need.id, person.id

    def ask(_: int) -> str:
        session = db_ext.session
        services.request_transfer(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                                  requester=session.get(User, facilitator_id), idempotency_key=uuid.uuid4().hex)
        return "ok"

    outcomes = _together(app, ask)
    assert outcomes.count("ok") == 1, outcomes
    assert _count(db, need_id=need_id, resource_person_id=person_id) == 1


def test_batch_approval_racing_manual_proposals_respects_the_capacity(app, db, scene, make_resource_person):
    """An approval and nine proposals by hand for one person of capacity 1: one proposal in all."""
    from app.transfers import batch
    from models import BatchRun, BatchRunPair, BatchRunStatus

    person = make_resource_person(capacity=1)
    needs = _needs(db, scene, N)
    run = BatchRun(organiser_id=scene.organiser.id, params={}, status=BatchRunStatus.DONE, stage="Terminé",
                   pairs=[BatchRunPair(need_id=needs[0].id, resource_person_id=person.id, score=0.9)])
    db.add(run)
    db.commit()
    run_id, need_ids, person_id, organiser_id = run.id, [n.id for n in needs], person.id, scene.organiser.id

    def act(i: int) -> str:
        session = db_ext.session
        organiser = session.get(User, organiser_id)
        if i == 0:
            batch.approve_run(run_id=run_id, organiser=organiser)
        else:
            services.propose_pairing(need=session.get(Need, need_ids[i]),
                                     person=session.get(ResourcePerson, person_id), organiser=organiser)
        return "ok"

    outcomes = _together(app, act)
    assert outcomes.count("ok") == 1, outcomes
    assert not [o for o in outcomes if o.startswith("erreur")], outcomes
    assert _count(db, resource_person_id=person_id, status=S.PROPOSED) == 1



def test_an_approval_and_a_proposal_by_hand_lock_in_the_same_order(app, db, scene, make_resource_person,
                                                                  monkeypatch):
    """The approval is held where its proposal locks the accounts, the proposal by hand runs then. When the
    approval locked the run's people before the accounts, the proposal took the accounts then waited for the
    person, the approval for the accounts, and PostgreSQL broke the deadlock (found by CI once, certain here)."""
    from app.transfers import batch, lifecycle
    from models import BatchRun, BatchRunPair, BatchRunStatus
    from tests.races import together

    person = make_resource_person(capacity=1)
    needs = _needs(db, scene, 2)
    run = BatchRun(organiser_id=scene.organiser.id, params={}, status=BatchRunStatus.DONE, stage="Terminé",
                   pairs=[BatchRunPair(need_id=needs[0].id, resource_person_id=person.id, score=0.9)])
    db.add(run)
    db.commit()
    run_id, need_id, person_id, organiser_id = run.id, needs[1].id, person.id, scene.organiser.id
    lock_accounts, approval_there = lifecycle._lock_accounts, threading.Event()

    def in_turn(author: User, person: ResourcePerson) -> None:
        """The approval gets there first (with what it locked before), then lets the proposal by hand go ahead."""
        if threading.current_thread().name == "approve":
            approval_there.set()
            time.sleep(1.0)
        else:
            approval_there.wait(5)
        lock_accounts(author, person)

    monkeypatch.setattr(lifecycle, "_lock_accounts", in_turn)

    def approve() -> str:
        batch.approve_run(run_id=run_id, organiser=db_ext.session.get(User, organiser_id))
        return "ok"

    def by_hand() -> str:
        session = db_ext.session
        services.propose_pairing(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                                 organiser=session.get(User, organiser_id))
        return "ok"

    outcomes = together(app, {"approve": approve, "by_hand": by_hand})
    # One of them first (either: the approval's proposal is held only once it has locked), the other refused as
    # the person's one transfer is taken — never a deadlock broken by PostgreSQL.
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["TransferError", "str"], outcomes
    assert _count(db, resource_person_id=person_id, status=S.PROPOSED) == 1


def test_ten_concurrent_exclusions_of_one_pair_make_one_row_and_no_error(app, db, scene):
    from models import ForbiddenPair

    need_id, person_id, organiser_id = scene.finance_need.id, scene.finance.id, scene.organiser.id

    def forbid(_: int) -> str:
        session = db_ext.session
        services.forbid_pair(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                             organiser=session.get(User, organiser_id), reason="Conflit d'intérêts")
        return "ok"

    assert _together(app, forbid) == ["ok"] * N
    assert db.scalar(select(func.count(ForbiddenPair.id))) == 1


def test_one_feedback_form_posted_ten_times_at_once_keeps_one_feedback(app, db, scene):
    from models import PairingFeedback

    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance,
                                       organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    start = utcnow().replace(microsecond=0) + timedelta(days=2)
    services.plan_day(pairing, actor=scene.facilitator, day=services.DayPlan(
        starts_at_utc=start, ends_at_utc=start + timedelta(hours=4), timezone="Europe/Paris"))
    services.transition(pairing, S.IN_PROGRESS, actor=scene.facilitator)
    services.transition(pairing, S.COMPLETED, actor=scene.facilitator)
    pairing_id, author_id = pairing.id, scene.facilitator.id

    def give(i: int) -> str:
        session = db_ext.session
        services.give_feedback(session.get(Pairing, pairing_id), author=session.get(User, author_id),
                               rating=1 + i % 5, comment="Très utile")
        return "ok"

    assert _together(app, give) == ["ok"] * N
    assert db.scalar(select(func.count(PairingFeedback.id))) == 1
