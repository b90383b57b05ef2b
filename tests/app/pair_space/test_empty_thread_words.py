"""An empty conversation invites the pair to propose a first date only while there is none to propose: the terminated
transfer of the walk of the pair's space read « présentez-vous et proposez une première date » below its held day."""

from __future__ import annotations

import html

import pytest

from models import PairingStatus

pytestmark = pytest.mark.web

INVITE = "Aucun message pour l'instant : présentez-vous et proposez une première date."


def _page(client, pair) -> str:
    return html.unescape(client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)).replace("\u00a0", " ")


def test_an_empty_conversation_invites_a_first_date_only_before_any(client, db, login, pair):
    login(pair.person)
    assert INVITE in _page(client, pair)
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    page = _page(client, pair)
    assert INVITE not in page and "<p>Aucun message pour l'instant.</p>" in page
