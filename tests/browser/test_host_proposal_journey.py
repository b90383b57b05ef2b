"""A pole facilitator proposes, with the keyboard alone, that the pole hosts a learning visit: from the pole's page to
the form, errors read first and reached from their summary, then the proposal on the pole's page."""

from __future__ import annotations

import re

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"


def _focused(page) -> str:
    """What holds the focus: its accessible text (a link's or button's words, a field's label)."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
        return (label || el.innerText || el.getAttribute("aria-label") || el.id || "").trim();
    }""")


def _tab_to(page, starts_with: str, *, most: int = 250) -> None:
    """Press Tab until the focus is on what ``starts_with`` names (never a click)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if _focused(page).startswith(starts_with):
            return
    raise AssertionError(f"« {starts_with} » jamais atteint au clavier (dernier : {_focused(page)!r})")


def test_a_facilitator_proposes_to_host_a_visit_with_the_keyboard(page, live_site):
    sign_in(page, live_site, FACILITATOR)
    pole_name = page.get_by_role("heading", name=re.compile("^Mon pôle")).get_by_role("link").inner_text()
    _tab_to(page, pole_name)  # « Mon pôle : <its name> » in « Mon espace »
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name=pole_name).wait_for()

    _tab_to(page, "Proposer d'accueillir une visite")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Proposer d'accueillir une visite apprenante").wait_for()

    # Sent with only a text that is too short: the summary takes the focus and leads to each field.
    _tab_to(page, "Ce que les pôles visiteurs verraient et apprendraient")
    page.keyboard.type("Notre légumerie.")
    _tab_to(page, "Envoyer la proposition")
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    summary.wait_for()
    # The summary is in the page before its (deferred) script gives it the focus: wait for that, not only for it.
    page.wait_for_function("document.activeElement.classList.contains('error-summary')", timeout=5_000)
    assert "choisissez au moins un thème." in summary.inner_text()
    page.keyboard.press("Tab")  # the summary's first line: the themes
    assert _focused(page).startswith("Thèmes de la visite")
    page.keyboard.press("Enter")
    assert _focused(page).startswith("Agriculture")  # the first theme's box, inside its group
    _tab_to(page, "Tiers-lieux et lieux mutualisés")
    page.keyboard.press("Space")
    _tab_to(page, "Ce que les pôles visiteurs verraient et apprendraient")
    page.keyboard.press("Control+A")
    page.keyboard.type("La légumerie coopérative et l'épicerie itinérante montées avec les producteurs du "
                       "Livradois-Forez, et comment nous avons réuni collectivités et associations autour d'elles.")
    _tab_to(page, "Périodes possibles")
    page.keyboard.type("Au printemps, hors vacances scolaires")
    _tab_to(page, "Nombre de personnes que le pôle peut accueillir")
    page.keyboard.type("12")
    page.keyboard.press("Enter")  # Enter in a field sends the form

    page.get_by_text("Votre proposition est envoyée").wait_for()
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name="Propositions d'accueil d'une visite apprenante"))
    text = section.inner_text()
    assert "En attente de réponse" in text and "Tiers-lieux et lieux mutualisés" in text
    assert "légumerie coopérative" in text and "Au printemps, hors vacances scolaires" in text
    assert "jusqu'à 12" in text
