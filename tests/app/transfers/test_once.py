"""One open transfer per (need, person), held by the database, and forms that create once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.transfers import pair_rules, services
from app.transfers.services import TransferError
from models import Pairing, PairingStatus

S = PairingStatus


def _count(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count(Pairing.id)))


def test_the_database_refuses_a_second_open_pairing_for_one_pair(db, scene):
    need, person = scene.finance_need, scene.finance
    db.add(Pairing(need=need, resource_person=person, status=S.CANCELLED))
    db.add(Pairing(need=need, resource_person=person, status=S.DECLINED))
    db.add(Pairing(need=need, resource_person=person, status=S.PROPOSED))
    db.commit()  # closed ones do not count
    db.add(Pairing(need=need, resource_person=person, status=S.REQUESTED))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_a_lost_race_on_the_index_is_a_french_refusal_not_a_500(db, scene, monkeypatch):
    """The check before the insert saw nothing (another request was committing): the index decides."""
    first = services.request_transfer(need=scene.finance_need, person=scene.finance,
                                      requester=scene.facilitator, idempotency_key="cle-a")
    monkeypatch.setattr(pair_rules, "_open_pairing_exists", lambda *_: False)
    with pytest.raises(TransferError, match="déjà en cours"):
        services.request_transfer(need=scene.finance_need, person=scene.finance,
                                  requester=scene.facilitator, idempotency_key="cle-b")
    assert _count(db) == 1 and db.get(Pairing, first.id).status is S.REQUESTED


def test_the_same_key_makes_one_request_and_one_proposal(db, scene):
    args = {"need": scene.finance_need, "person": scene.finance, "requester": scene.facilitator}
    first = services.request_transfer(**args, idempotency_key="cle-1")
    again = services.request_transfer(**args, idempotency_key="cle-1")
    assert again.id == first.id and _count(db) == 1
    proposal = services.propose_pairing(need=scene.food_need, person=scene.food,
                                        organiser=scene.organiser, idempotency_key="cle-2")
    assert services.propose_pairing(need=scene.food_need, person=scene.food, organiser=scene.organiser,
                                    idempotency_key="cle-2").id == proposal.id
    assert _count(db) == 2


def test_a_key_used_by_someone_else_is_refused(db, scene, make_user):
    from models import Role

    services.propose_pairing(need=scene.food_need, person=scene.food, organiser=scene.organiser,
                             idempotency_key="cle-1")
    with pytest.raises(TransferError, match="déjà servi"):
        services.propose_pairing(need=scene.food_need, person=scene.food, organiser=make_user(Role.ORGANISER),
                                 idempotency_key="cle-1")


@pytest.mark.web
def test_a_request_form_posted_twice_makes_one_request_and_answers_both(client, login, db, scene):
    need, person = scene.finance_need, scene.finance
    login(scene.facilitator)
    page = client.get("/transferts/demander", query_string={"need_id": need.id, "resource_person_id": person.id})
    html = page.get_data(as_text=True)
    fields = dict(re.findall(r'name="(\w+)" (?:type="hidden" )?value="([^"]*)"', html))
    assert fields["idempotency_key"] and fields["confirm"] == "1"
    answers = [client.post("/transferts/demander", data={**fields, "message": "Bonjour"}) for _ in range(3)]
    pairing_id = db.scalar(select(Pairing.id))
    assert [a.status_code for a in answers] == [302] * 3
    assert {a.headers["Location"] for a in answers} == {f"/transferts/{pairing_id}"}
    assert _count(db) == 1


@pytest.mark.web
def test_a_proposal_form_posted_twice_makes_one_proposal(client, login, db, scene):
    need, person = scene.finance_need, scene.finance
    login(scene.organiser)
    page = client.get("/organisation/tsf/proposer", query_string={"need_id": need.id, "resource_person_id": person.id})
    fields = dict(re.findall(r'name="(\w+)" (?:type="hidden" )?value="([^"]*)"', page.get_data(as_text=True)))
    assert fields["idempotency_key"] and fields["confirm"] == "1"
    answers = [client.post("/organisation/tsf/proposer", data=fields) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302] and _count(db) == 1


@pytest.mark.web
def test_a_request_form_without_its_key_is_not_sent(client, login, csrf, db, scene):
    login(scene.facilitator)
    response = client.post("/transferts/demander", data={
        "csrf_token": csrf("/transferts/"), "need_id": scene.finance_need.id,
        "resource_person_id": scene.finance.id, "confirm": "1"})
    assert response.status_code == 400 and "rechargez la page" in response.get_data(as_text=True)
    assert _count(db) == 0
