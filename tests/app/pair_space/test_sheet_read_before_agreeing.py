"""The resource person reads the experience sheet before agreeing to publish it (walk 6: the transfer page asked
« Je suis d'accord pour publier » and showed nothing of the sheet; agreeing before it was written published it,
unread, the moment the pole saved it)."""

from __future__ import annotations

import html
import re

import pytest

from app.pair_space import experiences
from app.pair_space.experiences import SheetRefused
from models import PairingStatus

pytestmark = pytest.mark.web

SHEET = {"title": "Un poste partagé : la part de chaque association",
         "situation": "Un collectif de douze associations qui tient par ses bénévoles.",
         "transferred": "La grille de cotisations du Ségala.", "contacts": "Mireille, avec son accord."}


def _page(client, pairing_id: int) -> str:
    return re.sub(r"\s+", " ", html.unescape(client.get(f"/transferts/{pairing_id}").get_data(as_text=True)))


def test_the_resource_person_cannot_agree_to_a_sheet_not_yet_written(db, pair, client, login):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    login(pair.person)
    page = _page(client, pair.pairing.id)
    assert "vous la lirez ici avant de donner votre accord" in page and "d'accord pour publier" not in page
    with pytest.raises(SheetRefused, match="pas encore écrite"):
        experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    sheet = experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    assert sheet.published_at is None  # not published behind her back


def test_the_resource_person_reads_the_draft_beside_the_agreement(db, pair, client, login):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    login(pair.person)
    page = _page(client, pair.pairing.id)
    draft = page[page.index('id="fiche"'):]
    for text in SHEET.values():
        assert text in draft[:draft.index("d'accord pour publier cette fiche")]
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    assert experiences.sheet_of(pair.pairing).published_at is not None
