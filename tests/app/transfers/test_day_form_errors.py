"""The refusal of a transfer day's form reads as French: after « Lieu : », a small letter (walk of 6 December
2026: « La journée n'est pas planifiée : Lieu : Ce texte contient… »)."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest

from app.transfers import services
from models import PairingStatus

pytestmark = pytest.mark.web


def test_each_error_after_its_label_starts_with_a_small_letter(client, login, csrf, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    page = html.unescape(client.post(f"{url}/journees", data={
        "csrf_token": csrf(url), "day": (date.today() + timedelta(days=20)).isoformat(), "start": "09:30",
        "end": "16:00", "location": "Salle\x1bdes fêtes"}, follow_redirects=True).get_data(as_text=True))
    assert "Lieu\u00a0: ce texte contient des caractères invisibles" in page
    assert "Lieu\u00a0: Ce texte" not in page
