"""The resource person agrees to the sheet she read, not to one the pole changed since her page was shown (the
object changing meanwhile): her « Je suis d'accord » carried nothing of what she had read, so a sheet rewritten
between her page and her click was published in her name, unread. The button now carries what the page showed; a
sheet changed since is not agreed to, and she is asked to read it again."""

from __future__ import annotations

import html
import re

import pytest

from app.pair_space import experiences
from models import PairingStatus
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

SHEET = {"title": "Un poste partagé : la part de chaque association",
         "situation": "Un collectif de douze associations qui tient par ses bénévoles.",
         "transferred": "La grille de cotisations du Ségala.", "contacts": "Mireille, avec son accord."}


def _agree_form(page: str) -> dict[str, str]:
    """The hidden fields of the page's « Je suis d'accord pour publier cette fiche » form."""
    start = page.index("pour publier cette fiche<")
    form = page[page.rindex("<form", 0, start):start]
    return {name: html.unescape(value) for name, value in re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form)}


def test_a_sheet_changed_since_her_page_was_shown_is_not_agreed_to(db, pair, client, login):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    login(pair.person)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    fields = _agree_form(page)
    assert fields["agrees"] == "1" and fields.get("opened_on") and extract_csrf(page)
    changed = {**SHEET, "contacts": "Mireille et Paul, avec leur numéro personnel."}
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=changed)  # meanwhile

    answer = client.post(f"/transferts/{pair.pairing.id}/fiche/accord", data=fields, follow_redirects=True)

    text = " ".join(html.unescape(answer.get_data(as_text=True)).split())
    assert "La fiche a été modifiée entre-temps" in text, text[:3000]
    db.expire_all()
    sheet = experiences.sheet_of(pair.pairing)
    assert not sheet.resource_agrees and sheet.published_at is None
    fields = _agree_form(answer.get_data(as_text=True))  # read again: now she may agree
    client.post(f"/transferts/{pair.pairing.id}/fiche/accord", data=fields)
    db.expire_all()
    assert experiences.sheet_of(pair.pairing).published_at is not None


def test_withdrawing_her_agreement_needs_no_reading(db, pair, client, login):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=True)
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values={**SHEET, "worked": "Le bureau."})
    experiences.agree(pairing=pair.pairing, user=pair.person, agrees=False, opened="une page plus ancienne")
    assert not experiences.sheet_of(pair.pairing).resource_agrees
