"""A step the page offered, taken after the transfer moved (a double click, the other side, or the expiry job at the
same moment — the PostgreSQL race is ``test_expiry_races``): said as what the transfer now is, not « Impossible de
passer de « Accepté par la personne ressource » à « Accepté par la personne ressource » »."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.transfers import services
from app.transfers.services import TransferError
from models import PairingStatus, utcnow

S = PairingStatus


def test_accepting_twice_says_it_was_already_done(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.food, organiser=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.food.user)
    with pytest.raises(TransferError) as refused:
        services.transition(pairing, S.ACCEPTED, actor=scene.food.user)
    assert str(refused.value) == ("Cette étape a déjà été faite entre-temps : le transfert est déjà « Accepté par la "
                                  "personne ressource ». Rien de plus n'a été enregistré.")


def test_accepting_a_proposal_expired_meanwhile_says_it_expired(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.food, organiser=scene.organiser)
    assert services.expire_stale_requests(now=utcnow() + timedelta(days=30)) == 1
    with pytest.raises(TransferError) as refused:
        services.transition(pairing, S.ACCEPTED, actor=scene.food.user)
    assert str(refused.value) == "Ce transfert est passé entre-temps à « Expiré » : rien n'a été enregistré."
