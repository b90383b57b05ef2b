"""A sheet the resource person agreed to publish, changed by the pole: her agreement waits for her to read the new
text, the sheet is unpublished meanwhile, and she is told (walk 6: the pole could change a published sheet under her
name without her)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.pair_space import experiences
from models import Notification, OutboxMessage, PairingStatus

pytestmark = pytest.mark.web

SHEET = {"title": "Un poste partagé : la part de chaque association",
         "situation": "Un collectif de douze associations qui tient par ses bénévoles.",
         "transferred": "La grille de cotisations du Ségala.", "contacts": "Mireille, avec son accord."}


def _published(db, pair):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    assert experiences.sheet_of(pair.pairing).published_at is not None


def test_a_published_sheet_changed_by_the_pole_waits_for_the_resource_persons_agreement(db, pair):
    _published(db, pair)
    changed = {**SHEET, "transferred": "La grille de cotisations, et un contrat de travail à temps partagé."}
    sheet = experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=changed)
    assert sheet.published_at is None and not sheet.resource_agrees and sheet.pole_agrees
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.to_email == pair.person.email,
                                                 OutboxMessage.key.like("sheet:%:changed:%")))
    assert mail is not None and "n'est plus publiée tant que vous n'avez pas relu" in " ".join(mail.body.split())
    assert f"/transferts/{pair.pairing.id}#fiche" in mail.body
    assert db.scalar(select(Notification).where(Notification.user_id == pair.person.id,
                                                Notification.text.like("La fiche d'expérience a été modifiée%")))
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    assert experiences.sheet_of(pair.pairing).published_at is not None


def test_the_same_text_saved_again_keeps_the_agreement(db, pair):
    _published(db, pair)
    sheet = experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    assert sheet.published_at is not None and sheet.resource_agrees
    assert db.scalar(select(OutboxMessage).where(OutboxMessage.key.like("sheet:%:changed:%"))) is None
