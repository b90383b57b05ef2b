"""The experience sheet's publication is told to the side that did not publish it, and the pole cannot agree to a
sheet not yet written (walk of 6 December 2026, a resource person's year: the pole, who wrote the sheet, learnt
nothing when her agreement published it; and « Je suis d'accord pour publier » was offered to the pole before any
sheet existed)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.pair_space import experiences
from app.pair_space.experiences import SheetRefused
from models import Notification, OutboxMessage, PairingStatus

pytestmark = pytest.mark.web

SHEET = {"title": "Un poste partagé : la part de chaque association",
         "situation": "Un collectif de douze associations qui tient par ses bénévoles.",
         "transferred": "La grille de cotisations du Ségala."}


def _page(client, pairing_id: int) -> str:
    return re.sub(r"\s+", " ", html.unescape(client.get(f"/transferts/{pairing_id}").get_data(as_text=True)))


def test_her_agreement_publishing_the_sheet_tells_the_pole(db, pair):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    sheet = experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    assert sheet.published_at is not None
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.to_email == pair.facilitator.email,
                                                 OutboxMessage.key.like("sheet:%:published:%")))
    assert mail is not None
    body = " ".join(mail.body.split())
    assert (f"La fiche d'expérience de votre transfert avec {pair.person.display_name} (« {SHEET['title']} ») "
            "est publiée : vous êtes d'accord tous les deux.") in body
    assert f"/experiences/{sheet.id}" in body
    assert db.scalar(select(Notification).where(
        Notification.user_id == pair.facilitator.id,
        Notification.text == f"La fiche d'expérience «\u00a0{SHEET['title']}\u00a0» est publiée"))
    # she published it: her own bell stays quiet
    assert db.scalar(select(OutboxMessage).where(OutboxMessage.to_email == pair.person.email,
                                                 OutboxMessage.key.like("sheet:%:published:%"))) is None


def test_the_pole_cannot_agree_to_a_sheet_not_yet_written(db, pair, client, login):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    login(pair.facilitator)
    page = _page(client, pair.pairing.id)
    section = page[page.index('id="fiche"'):]
    assert "d'accord pour publier" not in section and "Écrire la fiche" in section
    assert "Enregistrer la fiche vaut l'accord du pôle pour la publier" in section
    with pytest.raises(SheetRefused) as refused:
        experiences.agree(pairing=pair.pairing, user=pair.facilitator, agrees=True)
    assert refused.value.message == ("La fiche n'est pas encore écrite : il n'y a rien à publier. Écrivez-la "
                                     "d'abord ; l'enregistrer vaut l'accord du pôle pour la publier.")
    sheet = experiences.sheet_of(pair.pairing)
    assert sheet is None or not sheet.pole_agrees
