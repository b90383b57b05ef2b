"""The experience sheet's form says who writes it before anything is typed (walk 6: the resource person could open
``/transferts/<id>/fiche`` by its address, type the whole sheet, and only learn on sending that the pole writes it)."""

from __future__ import annotations

import html
import re

import pytest

from models import PairingStatus

pytestmark = pytest.mark.web


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True))).replace("\u00a0", " ")


def test_the_resource_person_reads_at_once_that_the_pole_writes_the_sheet(client, login, db, pair):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    login(pair.person)
    response = client.get(f"/transferts/{pair.pairing.id}/fiche")
    assert response.status_code == 403
    page = _text(response)
    assert ("La fiche d'expérience est écrite par l'animation du pôle accompagné. Vous la lirez sur la page du "
            "transfert, puis direz si vous êtes d'accord pour la publier." in page)
    assert 'name="title"' not in page and f'href="/transferts/{pair.pairing.id}#fiche"' in page


def test_the_pole_still_gets_the_form(client, login, db, pair):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    login(pair.facilitator)
    response = client.get(f"/transferts/{pair.pairing.id}/fiche")
    assert response.status_code == 200 and 'name="title"' in response.get_data(as_text=True)


def test_before_the_end_nobody_types_a_sheet(client, login, pair):
    login(pair.facilitator)
    response = client.get(f"/transferts/{pair.pairing.id}/fiche")
    assert response.status_code == 403
    assert "La fiche d'expérience s'écrit une fois le transfert terminé." in _text(response)
