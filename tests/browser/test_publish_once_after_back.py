"""Back after « Publier » shows the session form still filled in; sending it again publishes nothing more: the
form's idempotency key comes back with what was typed (``app.idempotency``, ``static/js/once_key.js``), where a
type="hidden" field came back with the fresh key of the page fetched again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models import CollectiveSession, utcnow
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ORGANISER = "coorace@demo.entrepairs.fr"
TITLE = "Financer un tiers-lieu avec les fonds européens"


def _sessions_titled(live_site, title: str) -> int:
    with live_site.app.app_context():
        return db.session.scalar(select(func.count(CollectiveSession.id)).where(CollectiveSession.title == title))


def test_back_then_publier_again_publishes_one_session(page, live_site):
    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/agenda/nouvelle")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Lien de connexion").fill("https://visio.exemple.org/feder")
    page.locator("#slots-0-day").fill((utcnow() + timedelta(days=16)).date().isoformat())
    page.locator("#slots-0-start").fill("14:00")
    page.locator("#slots-0-end").fill("15:30")
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    published = page.url
    page.go_back()
    page.get_by_role("heading", name="Publier une session collective").wait_for()
    assert page.get_by_label("Titre").input_value() == TITLE  # the form comes back filled in
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    assert page.url == published
    assert _sessions_titled(live_site, TITLE) == 1
