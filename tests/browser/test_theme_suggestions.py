"""Writing a need: themes suggested while typing, ticked with one button."""

from __future__ import annotations

import re

import pytest

from app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
STORY = ("Nos comptes sont dans le rouge depuis deux exercices, la trésorerie ne tiendra pas trois mois "
         "et les recettes ne couvrent plus les charges fixes.")


def test_need_form_suggests_a_theme_with_its_words_and_ticks_it(page, live_site):
    page.goto(f"{live_site.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(FACILITATOR)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace")
    page.get_by_role("link", name="Publier un besoin").first.click()
    page.get_by_label("Titre du besoin").fill("Un hiver difficile")
    page.get_by_label("Décrivez le besoin avec vos mots").fill(STORY)
    button = page.get_by_role("button", name=re.compile(r"^Cocher «\s*Modèle socio-économique"))
    button.wait_for()
    suggestion = page.locator(".theme-suggestion-list li").first.inner_text()
    assert "rouge" in suggestion and "%" in suggestion
    button.click()
    assert page.get_by_label("Modèle socio-économique et pérennisation").is_checked()
