"""Two people edit the same pole at once, each in their own browser: the second save is not lost silently.

The facilitator and the regional cell (CRA) open the pole's form; the CRA saves first. The facilitator's save
comes back with what changed, by whom, the current version, and what she typed; saving again keeps hers.
A screenshot of the conflict is left in ``test-artifacts/browser/edit-conflict.png``.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
CRA = "cra.aura@demo.entrepairs.fr"
POLE = "Collectif Coopér'Acteurs du Livradois"


def _open_pole_form(page, site) -> None:
    page.goto(f"{site.url}/poles/?q=Livradois")
    page.get_by_role("link", name=POLE).first.click()
    page.get_by_role("link", name="Modifier la fiche").click()
    page.get_by_role("heading", name="Modifier la fiche du pôle").wait_for()


def test_the_second_save_of_a_pole_shows_the_conflict_and_keeps_what_was_typed(page, browser, live_site):
    cra = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    sign_in(page, live_site, FACILITATOR)
    sign_in(cra, live_site, CRA)
    _open_pole_form(page, live_site)
    _open_pole_form(cra, live_site)

    cra.get_by_label("Site web").fill("https://livradois.example.org/cooperacteurs")
    cra.get_by_role("button", name="Enregistrer").click()
    cra.get_by_text("La fiche du pôle est enregistrée.").wait_for()

    page.get_by_label("Site web").fill("https://cooperacteurs-livradois.example.org")
    page.get_by_label("Structure porteuse").fill("SCIC Coopér'Acteurs")
    page.get_by_role("button", name="Enregistrer").click()
    notice = page.locator(".edit-conflict")
    notice.wait_for()
    text = notice.inner_text()
    assert text.startswith("Modification concurrente\n")  # a short heading, then the sentences
    assert "Vos modifications ne sont pas encore enregistrées" in text
    assert "Cette fiche a été modifiée par " in text and "pendant que vous l'éditiez" in text
    assert "Site web" in text and "https://livradois.example.org/cooperacteurs" in text
    assert "Structure porteuse" not in text  # only what changed meanwhile
    assert page.get_by_label("Site web").input_value() == "https://cooperacteurs-livradois.example.org"
    assert page.get_by_label("Structure porteuse").input_value() == "SCIC Coopér'Acteurs"
    assert page.evaluate("document.querySelectorAll('[id]').length") == page.evaluate(
        "new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size")  # no id twice
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "edit-conflict.png"), full_page=True)

    # Having read the current version, she keeps hers: the second send saves it.
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La fiche du pôle est enregistrée.").wait_for()
    cra.reload()
    _open_pole_form(cra, live_site)
    assert cra.get_by_label("Site web").input_value() == "https://cooperacteurs-livradois.example.org"
    cra.context.close()
