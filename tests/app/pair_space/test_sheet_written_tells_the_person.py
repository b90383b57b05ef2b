"""A sheet written by the pole tells the resource person that it waits for her reading and agreement (walk of
6 December 2026, a resource person's year: the pole saved the sheet, nobody told her, and her page was the only
place that said it; the sheet stayed unpublished without her knowing)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.pair_space import experiences
from models import Notification, OutboxMessage, PairingStatus

pytestmark = pytest.mark.web

SHEET = {"title": "Un poste partagé : la part de chaque association",
         "situation": "Un collectif de douze associations qui tient par ses bénévoles.",
         "transferred": "La grille de cotisations du Ségala."}


def test_the_first_writing_of_the_sheet_asks_the_person_to_read_it_once(db, pair):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.to_email == pair.person.email,
                                                 OutboxMessage.key.like("sheet:%:written:%")))
    assert mail is not None
    body = " ".join(mail.body.split())
    assert f"{pair.facilitator.display_name} a écrit la fiche d'expérience de votre transfert" in body
    assert "Elle ne sera publiée qu'avec votre accord" in body
    assert f"/transferts/{pair.pairing.id}#fiche" in mail.body
    assert db.scalar(select(Notification).where(
        Notification.user_id == pair.person.id,
        Notification.text == "La fiche d'expérience est écrite : lisez-la pour donner votre accord"))
    # written again before she answered: no second mail
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator,
                           values={**SHEET, "worked": "Les bénévoles associés dès le début."})
    assert db.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.key.like("sheet:%:written:%"))) == 1
