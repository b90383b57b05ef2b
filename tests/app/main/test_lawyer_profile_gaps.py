"""A lawyer's « Mon espace » says what her profile lacks and what it costs (walk 5: Hélène Marquet-Rivière had a
booking, the pole read « Modalités : pas encore indiquées », and nothing told her)."""

from __future__ import annotations

import pytest

from tests.app.html_parts import page_text

pytestmark = pytest.mark.web


def test_missing_meeting_details_are_said_until_written(db, client, login, make_lawyer):
    lawyer = make_lawyer()
    login(lawyer.user)
    space = page_text(client.get("/mon-espace"))
    assert "Vos modalités de rendez-vous (lien de visioconférence, téléphone ou adresse) ne sont pas indiquées" in space
    assert "Vos spécialités ne sont pas encore écrites" not in space
    lawyer.meeting_details = "https://visio.exemple.fr/cabinet"
    db.commit()
    assert "Vos modalités de rendez-vous" not in page_text(client.get("/mon-espace"))


def test_missing_specialties_are_said(db, client, login, make_lawyer):
    lawyer = make_lawyer("")
    login(lawyer.user)
    assert "aucune question juridique ne vous est adressée" in page_text(client.get("/mon-espace"))
