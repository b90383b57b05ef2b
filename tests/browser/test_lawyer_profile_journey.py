"""A lawyer writes new specialties on their profile page; a question on them is then routed to her."""

from __future__ import annotations

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
LAWYER = "helene.marquet.riviere@demo.entrepairs.fr"
QUESTION = ("Nous voulons transformer une ancienne friche industrielle polluée en tiers-lieu : faut-il un permis "
            "de construire pour le changement de destination du bâtiment, et qui doit payer la dépollution des sols ?")
SPECIALTIES = ("Droit de l'urbanisme et de l'environnement : permis de construire et changement de destination des "
               "bâtiments, reconversion de friches industrielles en tiers-lieux, sites et sols pollués, obligations "
               "de dépollution, installations classées.")


def _suggested_lawyer(page, site) -> str:
    page.goto(f"{site.url}/juri-ptce/")
    page.get_by_label("Votre question juridique").fill(QUESTION)
    page.get_by_role("button", name="Trouver un créneau").click()
    page.get_by_role("heading", name="Avocat·es et créneaux libres").wait_for()
    suggested = page.locator(".legal-suggested .card-title")
    return suggested.inner_text() if suggested.count() else ""  # nothing recognised: the person chooses


def test_lawyer_edits_specialties_then_a_question_is_routed_to_her(page, browser, live_site):
    facilitator = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    sign_in(facilitator, live_site, FACILITATOR)
    assert "Hélène Marquet-Rivière" not in _suggested_lawyer(facilitator, live_site)

    sign_in(page, live_site, LAWYER)
    page.get_by_role("link", name="Mon profil Juri-PTCE (cabinet, spécialités)").click()
    page.get_by_label("Cabinet").fill("Cabinet Marquet-Rivière")
    page.get_by_label("Vos spécialités").fill(SPECIALTIES)
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Votre profil est enregistré").wait_for()
    # Each process re-reads the lawyers' fingerprint at most every SUGGESTION_INDEX_CHECK_SECONDS (2 s).
    page.wait_for_timeout(2_100)

    suggested = _suggested_lawyer(facilitator, live_site)
    assert "Hélène Marquet-Rivière" in suggested and "notre suggestion pour votre question" in suggested
    facilitator.context.close()
