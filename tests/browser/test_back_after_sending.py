"""Back after sending a form finds a page, never Chromium's « Confirm Form Resubmission » (ERR_CACHE_MISS).

The form a person fills in is a GET page (a link or a redirect leads there), so the history entry
Back returns to can be loaded again.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.pole.territoire.solidaire.du.lauragais@demo.entrepairs.fr"
NEED = "Une subvention connue chaque année en juin"
QUESTION = ("Notre association peut-elle facturer des prestations d'entretien d'espaces verts à une commune "
            "sans passer par un marché public, ou faut-il une convention de subvention ?")


def test_back_after_requesting_a_transfer_finds_the_request_form(page, live_site):
    sign_in(page, live_site, FACILITATOR)
    page.get_by_role("link", name=NEED).first.click()
    page.get_by_role("link", name=re.compile("^Demander un transfert à")).first.click()
    page.get_by_role("heading", name=re.compile("^Demander un transfert à")).wait_for()
    page.get_by_label("Votre message à la personne ressource").fill("Bonjour, nous aimerions en parler en janvier.")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_role("heading", name=re.compile("^Transfert :")).wait_for()
    page.go_back()  # raised « net::ERR_CACHE_MISS » when the form was the answer to a POST
    assert "/transferts/demander?" in page.url
    page.get_by_role("heading", name=re.compile("^Demander un transfert à")).wait_for()
    # Leave the shared demo as found: the organisers' console validates the other journeys' requests.
    page.go_forward()
    cancel_transfer_with_the_keyboard(page)
    page.get_by_text("Votre demande est retirée : l'équipe d'animation en reçoit un e-mail.").wait_for()


def cancel_transfer_with_the_keyboard(page) -> None:
    """Cancelling is last on the transfer's page, folded under « Autres actions »: the keyboard opens it (the
    summary is a native control), reaches its button, and the confirmation dialog still asks first."""
    button = page.get_by_role("button", name="Annuler le transfert")
    assert not button.is_visible()  # folded until asked for
    page.locator("summary", has_text="Annuler le transfert").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the reason
    assert page.evaluate("document.activeElement.name") == "note"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Annuler le transfert"
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Confirmer")
    dialog.wait_for()
    dialog.get_by_role("button", name="Annuler le transfert").click()


def test_back_after_booking_a_juri_ptce_slot_finds_the_proposal(page, live_site):
    sign_in(page, live_site, FACILITATOR)
    page.goto(f"{live_site.url}/juri-ptce/")
    page.get_by_label("Votre question juridique").fill(QUESTION)
    page.get_by_role("button", name="Trouver un créneau").click()
    page.get_by_role("heading", name="Avocat·es et créneaux libres").wait_for()
    page.get_by_role("button", name=re.compile("^Réserver le")).first.click()
    page.get_by_role("heading", name="Mes rendez-vous Juri-PTCE").wait_for()
    page.go_back()
    page.get_by_role("heading", name="Avocat·es et créneaux libres").wait_for()
    assert page.get_by_text("pour cette question : une seule réservation par question").is_visible()
