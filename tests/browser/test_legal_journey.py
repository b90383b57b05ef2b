"""A facilitator books a Juri-PTCE slot with the routed lawyer and downloads its calendar file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
QUESTION = ("Les salariés veulent reprendre la menuiserie en SCOP. Le dirigeant sortant peut-il rester "
            "associé minoritaire, et que faut-il prévoir dans les statuts pour son retrait progressif ?")


def test_book_routed_lawyer_slot_and_download_ics(page, live_site):
    page.goto(f"{live_site.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(FACILITATOR)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace")
    page.get_by_role("link", name="Juri-PTCE", exact=True).click()
    page.get_by_label("Votre question juridique").fill(QUESTION)
    page.get_by_role("button", name="Trouver un créneau").click()
    page.get_by_role("heading", name="Avocat·es et créneaux libres").wait_for()
    page.get_by_role("button", name=re.compile("^Réserver le")).first.click()
    page.get_by_role("heading", name="Mes rendez-vous Juri-PTCE").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Fichier agenda (.ics)").first.click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    assert events[0]["UID"] and "Juri-PTCE" in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART").tzinfo is not None
