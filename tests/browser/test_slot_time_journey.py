"""Walk 4: Coorace changes the time of a slot after a pole registered, with the keyboard; the pole is told by
mail with the updated calendar file."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from icalendar import Calendar

from models import utcnow
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.pole.vivre.en.puisaye@demo.entrepairs.fr"
ORGANISER = "coorace@demo.entrepairs.fr"
TITLE = "Session fonds européens : un dossier FSE+ pas à pas"


def test_an_organiser_moves_a_slot_with_the_keyboard_and_the_registered_pole_is_told(page, live_site):
    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/agenda/nouvelle")
    page.get_by_label("Type de session").select_option(label="Session fonds européens")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Lien de connexion").fill("https://visio.exemple.org/fse")
    day = (utcnow() + timedelta(days=20)).date()
    page.locator("#slots-0-day").fill(day.isoformat())
    page.locator("#slots-0-start").fill("10:00")
    page.locator("#slots-0-end").fill("12:00")
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    session_url = page.url

    sign_in(page, live_site, FACILITATOR)
    page.goto(session_url)
    page.get_by_role("button", name="S'inscrire").click()
    page.get_by_text("Votre inscription est").first.wait_for()

    sign_in(page, live_site, ORGANISER)
    page.goto(session_url)
    page.get_by_role("link", name="Changer l'horaire").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Changer l'horaire").wait_for()
    assert page.get_by_label("Début").input_value() == "10:00"
    page.get_by_label("Début").fill("14:00")
    page.get_by_label("Fin").fill("16:00")
    page.get_by_label("Fin").press("Enter")
    page.wait_for_url(session_url)
    assert "la personne inscrite ou en attente est prévenue" in page.inner_text(".flash, [role=status], main")

    mail = live_site.last_mail_to(FACILITATOR)
    assert str(make_header(decode_header(mail["Subject"]))).replace("\u00a0", " ") == f"Horaire modifié : « {TITLE} »"
    parts = {part.get_content_type(): part.get_payload(decode=True) for part in mail.walk()}
    body = parts["text/plain"].decode().replace("\u00a0", " ")
    assert "de 14 h à 16 h (heure de Paris), au lieu de" in body and "Votre inscription est maintenue." in body
    calendar = Calendar.from_ical(parts["text/calendar"])
    event = next(iter(calendar.walk("VEVENT")))
    assert calendar["METHOD"] == "REQUEST" and event["SEQUENCE"] >= 2  # registering, then moving
