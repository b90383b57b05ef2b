"""A resource person who lowered her capacity mid-year below what is engaged, then accepts a transfer waiting for
her answer, reads the way out, not only the count (walk of 6 December 2026: « Vous avez déjà accepté 1 transfert
cette année, soit votre capacité annuelle (1 transfert). » and the page offered « Accepter » again)."""

from __future__ import annotations

import pytest

from app.transfers import services
from models import PairingStatus


def test_accepting_beyond_a_lowered_capacity_says_to_raise_it_or_decline(db, scene):
    scene.finance.yearly_capacity = 2
    db.commit()
    first = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    second = services.propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    services.transition(first, PairingStatus.ACCEPTED, actor=scene.finance.user)
    scene.finance.yearly_capacity = 1  # lowered on her profile, mid-year
    db.commit()
    with pytest.raises(services.TransferError) as refused:
        services.transition(second, PairingStatus.ACCEPTED, actor=scene.finance.user)
    said = str(refused.value).replace("\u00a0", " ")
    assert said == ("Vous avez déjà accepté 1 transfert cette année, soit votre capacité annuelle (1 transfert) : "
                    "pour accepter celui-ci, portez votre capacité à 2 transferts par an dans votre profil ; "
                    "sinon, déclinez-le en disant pourquoi.")
