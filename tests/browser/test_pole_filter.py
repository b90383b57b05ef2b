"""The « Pôles invités » of a learning visit filtered as one types (static/js/pole_filter.js): words of a region,
accents and case ignored, keep that region's poles; a ticked pole stays whatever is typed; the count of ticked poles
follows the boxes ticked with the keyboard; Enter in the filter box does not send the form."""

from __future__ import annotations

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser


def _shown(page) -> list[str]:
    return [item.inner_text().strip() for item in page.locator("[data-pole-item]").all() if item.is_visible()]


def test_the_filter_keeps_the_typed_region_and_the_ticked_poles(live_site, page):
    sign_in(page, live_site, "coorace@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/visites/nouvelle")
    everyone = page.locator("[data-pole-item]").count()
    count = page.locator("[data-pole-ticked]")
    assert count.inner_text() == "Aucun pôle coché" and count.get_attribute("aria-live") == "polite"
    search = page.get_by_label("Filtrer les pôles")
    search.focus()
    page.keyboard.type("OCCITANIE")
    status = page.locator("#invited-filtre-resultat")
    page.wait_for_function("() => document.getElementById('invited-filtre-resultat').textContent !== ''")
    occitanie = _shown(page)
    assert 0 < len(occitanie) < everyone
    assert status.inner_text() == f"{len(occitanie)}\u00a0pôles correspondent."
    assert page.locator("[data-pole-region]:visible legend").all_inner_texts() == ["Occitanie"]
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first pole of Occitanie, ticked with the keyboard
    assert count.inner_text() == "1\u00a0pôle coché"
    search.fill("")
    search.focus()
    page.keyboard.type("zzz introuvable")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('invited-filtre-resultat').textContent.startsWith('Aucun')")
    assert page.url.endswith("/organisation/visites/nouvelle") and not page.locator(".error-summary").count()
    assert _shown(page) == [occitanie[0]]  # ticked, so never hidden
    search.fill("")
    page.wait_for_function("() => document.getElementById('invited-filtre-resultat').textContent === ''")
    assert len(_shown(page)) == everyone
