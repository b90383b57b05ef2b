"""A CRA finds the learning visits it follows from the menu, on a wide screen and a phone; a pole noted absent from
the demo's past visit reads why it is not asked for its feedback."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.sign_in import sign_in
from tests.browser.test_accessibility import _serious

pytestmark = pytest.mark.browser

PAST_VISIT = "Mutualiser l'emploi entre structures d'un territoire"  # app/visits/demo_visits.py, hosted in Occitanie


@pytest.mark.parametrize("width", [1280, 375])
def test_a_cra_reaches_its_visits_from_the_menu(page, live_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_site, "cra.occitanie@demo.entrepairs.fr")
    if width < 768:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation").get_by_role("link", name="Visites", exact=True).click()
    page.get_by_role("heading", name="Visites apprenantes suivies").wait_for()
    past = page.get_by_role("region", name="Visites passées").inner_text().replace("\u00a0", " ").replace("\u202f", " ")
    assert PAST_VISIT in past and "Notées : 2 pôles venus, 5 personnes" in past
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the rows stack, nothing sideways
    assert _serious(Axe().run(page)) == []


def test_a_pole_noted_absent_is_told_instead_of_asked(page, live_site):
    from sqlalchemy import select

    from app.extensions import db
    from models import LearningVisit

    with live_site.app.app_context():
        visit_id = db.session.scalar(select(LearningVisit.id).where(LearningVisit.title == PAST_VISIT))
    sign_in(page, live_site, "animation.pole.bien.vieillir.en.haut.limousin@demo.entrepairs.fr")
    page.goto(f"{live_site.url}/visites/{visit_id}")
    assert page.get_by_text("Votre pôle est noté absent de cette visite").is_visible()
    assert page.get_by_role("link", name="Donner votre avis sur la visite").count() == 0
    assert page.get_by_role("link", name="coorace@demo.entrepairs.fr").is_visible()  # whom to tell if it came
