"""A date that does not exist (« 31/02/2027 ») is said beside its field before the form leaves (walk of the
organisers: the browser sends such a date empty, so a registration deadline typed « 31/02 » vanished and the
session was published without one, in silence)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models import CollectiveSession, utcnow
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ORGANISER = "coorace@demo.entrepairs.fr"
TITLE = "Webinaire : la date limite du 31 février"


def _type_31_february(page, selector: str) -> None:
    """Type 31 February 2027 in the order of the browser's own date format (day or month first)."""
    field = page.locator(selector)
    for keys in ("02312027", "31022027"):
        field.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type(keys)
        if field.evaluate("e => e.validity.badInput"):
            return
    raise AssertionError("the browser took 31 February as a date")


def _sessions(site) -> int:
    with site.app.app_context():
        return db.session.scalar(select(func.count(CollectiveSession.id)).where(CollectiveSession.title == TITLE))


def test_an_impossible_deadline_is_said_beside_it_and_nothing_is_published(page, live_site):
    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/agenda/nouvelle")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Lien de connexion").fill("https://visio.exemple.org/fevrier")
    day = (utcnow() + timedelta(days=40)).date()
    page.locator("#slots-0-day").fill(day.isoformat())
    page.locator("#slots-0-start").fill("10:00")
    page.locator("#slots-0-end").fill("11:00")
    _type_31_february(page, "#deadline")
    page.get_by_role("button", name="Publier").click()

    message = page.locator("#deadline-saisie")
    message.wait_for()
    assert message.inner_text() == "Cette date n'existe pas\u00a0: vérifiez le jour et le mois."
    assert page.evaluate("document.activeElement.id") == "deadline"
    assert "deadline-saisie" in page.locator("#deadline").get_attribute("aria-describedby")
    assert page.locator("#deadline").get_attribute("aria-invalid") == "true"
    assert _sessions(live_site) == 0

    page.locator("#deadline").fill((day - timedelta(days=2)).isoformat())  # corrected: the form leaves
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    assert _sessions(live_site) == 1
