"""A transfer is not engaged on a need its pole closed since it was proposed or requested: the person's « Accepter »
(and an organiser's « Valider la demande ») went on for a need nobody waits for any more. Declining, cancelling stay
possible. The same rule under a race: ``test_need_status_races.py``."""

from __future__ import annotations

import pytest

from app.poles import services as poles
from app.transfers import lifecycle, services
from app.transfers.states import TransferError
from models import Need, NeedStatus, Pairing, PairingStatus, User

S = PairingStatus


def _close(db, need_id: int) -> None:
    poles.set_need_status(db.get(Need, need_id), NeedStatus.CLOSED)


def test_a_proposal_on_a_closed_need_is_not_accepted(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.food, organiser=scene.organiser)
    pairing_id, person_user_id, need_id = pairing.id, scene.food.user_id, scene.finance_need.id
    _close(db, need_id)
    with pytest.raises(TransferError, match="Ce besoin a été clos par son pôle entre-temps : ce transfert ne peut "
                                            "plus être accepté"):
        lifecycle.transition(db.get(Pairing, pairing_id), S.ACCEPTED, actor=db.get(User, person_user_id))
    db.expire_all()
    assert db.get(Pairing, pairing_id).status is S.PROPOSED and db.get(Need, need_id).status is NeedStatus.CLOSED
    lifecycle.transition(db.get(Pairing, pairing_id), S.DECLINED, actor=db.get(User, person_user_id),
                         note="Le pôle a clos ce besoin.")  # declining it stays possible
    assert db.get(Pairing, pairing_id).status is S.DECLINED


def test_a_request_on_a_closed_need_is_not_validated(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.food, requester=scene.facilitator)
    pairing_id, need_id = pairing.id, scene.finance_need.id
    _close(db, need_id)
    with pytest.raises(TransferError, match="clos par son pôle entre-temps : cette demande ne peut plus être validée"):
        lifecycle.transition(db.get(Pairing, pairing_id), S.VALIDATED, actor=db.get(User, scene.organiser.id))
    db.expire_all()
    assert db.get(Pairing, pairing_id).status is S.REQUESTED


def test_an_open_need_is_still_accepted(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.food, organiser=scene.organiser)
    lifecycle.transition(pairing, S.ACCEPTED, actor=db.get(User, scene.food.user_id))
    db.expire_all()
    assert db.get(Need, scene.finance_need.id).status is NeedStatus.IN_PROGRESS
