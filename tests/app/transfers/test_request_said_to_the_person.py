"""The resource person reads what happens to a request not yet validated (lifecycle walk: Mireille Castagné found
the Lauragais' request in « Mes transferts », « Demandé par le pôle », and its page said nothing of what came next,
where the pole read « Votre demande attend la validation de l'équipe d'animation »)."""

from __future__ import annotations

import html

import pytest

from app.transfers import services
from models import PairingStatus

pytestmark = pytest.mark.web


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")


def test_the_person_reads_that_the_request_waits_for_the_organisers(client, login, db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    login(scene.finance.user)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    assert "Cette demande attend la validation de l'équipe d'animation, d'ici au" in page
    assert "vous n'avez rien à faire d'ici là" in page
    assert "vous pourrez accepter ou décliner ce transfert sur cette page" in page


def test_once_validated_the_person_reads_her_answer_is_awaited_instead(client, login, db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, PairingStatus.VALIDATED, actor=scene.organiser)
    login(scene.finance.user)
    page = _text(client.get(f"/transferts/{pairing.id}"))
    assert "Votre réponse est attendue d'ici au" in page
    assert "Cette demande attend la validation" not in page
