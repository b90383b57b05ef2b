"""An organiser publishes a webinar; a facilitator finds it on the agenda, registers and downloads the .ics;
after the session the organiser marks attendance and reads the bilan."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.extensions import db
from models import CollectiveSession, utcnow
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
ORGANISER = "coorace@demo.entrepairs.fr"
TITLE = "Coopérer avec les bailleurs sociaux"


def _logout(page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()


def test_publish_register_attend_and_count(page, live_site):
    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/agenda/nouvelle")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Présentation").fill("Retours de deux pôles qui logent leurs activités chez un bailleur.")
    page.get_by_label("Lien de connexion").fill("https://visio.exemple.org/bailleurs")
    day = (utcnow() + timedelta(days=15)).date().isoformat()
    page.locator("#slots-0-day").fill(day)
    page.locator("#slots-0-start").fill("10:00")
    page.locator("#slots-0-end").fill("11:30")
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    _logout(page)

    sign_in(page, live_site, FACILITATOR)
    page.get_by_role("link", name="Agenda", exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="S'inscrire").click()
    page.get_by_text("Votre inscription est").first.wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Fichier agenda (.ics)").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [TITLE]
    assert events[0].decoded("DTSTART").tzinfo is not None
    _logout(page)

    with live_site.app.app_context():  # the session takes place
        session = db.session.scalar(select(CollectiveSession).where(CollectiveSession.title == TITLE))
        for slot in session.slots:
            slot.starts_at, slot.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=2)
        db.session.commit()
        session_id = session.id

    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/agenda/{session_id}/presences")
    page.get_by_label(re.compile(r"\(Collectif Coopér'Acteurs du Livradois\)")).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.get_by_text(re.compile(r"Présences enregistrées\s*:\s*1\spersonne\sprésente")).wait_for()
    page.goto(f"{live_site.url}/organisation/bilan")
    row = page.get_by_role("row").filter(has_text="Webinaire thématique").filter(has_text="Niveau national")
    assert row.count() == 1
