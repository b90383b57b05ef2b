"""Cancelling a transfer says who hears of it (lifecycle walk: the Lauragais withdrew its request and read only
« Transfert : Annulé. »; walk 6 had given the start and the end their words, not the cancellation)."""

from __future__ import annotations

import pytest

from app.transfers import pages, services
from models import PairingStatus

pytestmark = pytest.mark.web


def test_a_request_withdrawn_before_validation_says_only_the_organisers_hear(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, PairingStatus.CANCELLED, actor=scene.facilitator)
    assert pages.step_done(pairing, PairingStatus.CANCELLED, scene.facilitator) == (
        "Votre demande est retirée : l'équipe d'animation en reçoit un e-mail.")


def test_a_validated_transfer_cancelled_names_who_hears(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, PairingStatus.VALIDATED, actor=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    services.transition(pairing, PairingStatus.CANCELLED, actor=scene.finance.user)
    name = scene.finance.user.display_name
    assert pages.step_done(pairing, PairingStatus.CANCELLED, scene.facilitator) == (
        f"Le transfert est annulé : {name} et l'équipe d'animation en reçoivent un e-mail.")
    assert pages.step_done(pairing, PairingStatus.CANCELLED, scene.finance.user) == (
        "Le transfert est annulé : l'animation du pôle et l'équipe d'animation en reçoivent un e-mail.")
