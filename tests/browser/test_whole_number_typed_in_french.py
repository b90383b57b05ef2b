"""« 12,5 » typed in « Nombre de places » by a person whose Chromium is in French.

In an ``<input type="number">`` Chromium read « 12,5 » by its locale and sent 125: the session was published
with 125 places and no word. The box is now a text box (``inputmode="numeric"``): what was typed reaches the
server, which says in French that it is not a whole number, and the range is said under the box."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models import CollectiveSession, utcnow
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ORGANISER = "coorace@demo.entrepairs.fr"
TITLE = "Compter ses places en français"


def test_a_decimal_typed_as_a_number_of_places_is_said_back_not_turned_into_125(page, live_site):
    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/agenda/nouvelle")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Présentation").fill("Une session pour compter juste.")
    page.get_by_label("Lien de connexion").fill("https://visio.exemple.org/places")
    page.locator("#slots-0-day").fill((utcnow() + timedelta(days=15)).date().isoformat())
    page.locator("#slots-0-start").fill("10:00")
    page.locator("#slots-0-end").fill("11:30")
    places = page.get_by_label("Nombre de places")
    assert places.get_attribute("inputmode") == "numeric"
    assert places.evaluate("box => box.getAttribute('aria-describedby')") == "capacity-aide"
    assert page.locator("#capacity-aide").inner_text() == "Un nombre entier de 1 à 5\u202f000."
    places.click()
    places.press("Control+A")
    places.press_sequentially("12,5")  # typed key by key, as a person would
    assert places.input_value() == "12,5"
    page.get_by_role("button", name="Publier").click()

    message = "« 12,5 » n'est pas un nombre entier. De 1 à 5\u00a0000 places."
    assert page.locator("#capacity-erreur").inner_text().strip() == message.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    summary = page.get_by_role("alert")
    assert "Nombre de places" in summary.inner_text() and "n'est pas un nombre entier" in summary.inner_text()
    assert page.get_by_label("Nombre de places").input_value() == "12,5"  # what was typed, shown back
    with live_site.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CollectiveSession)
                                 .where(CollectiveSession.title == TITLE)) == 0

    page.get_by_label("Nombre de places").fill("1 000")  # a thousand, written the French way
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    with live_site.app.app_context():
        published = db.session.scalar(select(CollectiveSession).where(CollectiveSession.title == TITLE))
        assert published.capacity == 1000
