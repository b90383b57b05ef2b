"""The confirmation dialog's button is red for a destructive action only (static/js/confirm.js reads
``data-confirm-destructive``): closing a slot is, reopening an afternoon is not."""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser
LAWYER = "claire.delaunay.morel@demo.entrepairs.fr"  # no other journey touches her afternoons


def _confirm_button(page):
    dialog = page.get_by_role("dialog", name="Confirmer")
    dialog.wait_for()
    return dialog, dialog.locator("[data-confirm-ok]")


def test_destructive_confirmation_is_red_a_reopening_is_primary(page, live_site):
    sign_in(page, live_site, LAWYER)
    page.goto(f"{live_site.url}/juri-ptce/mes-creneaux")
    afternoon = page.locator("section.afternoon").last
    title = afternoon.locator("h2").inner_text()
    for _ in range(2):  # two free slots closed, one dialog each: « Rouvrir tout l'après-midi » appears
        afternoon = page.locator("section.afternoon", has_text=title)
        afternoon.get_by_role("button", name="Fermer ce créneau").first.click()
        dialog, ok = _confirm_button(page)
        assert ok.inner_text() == "Fermer ce créneau"
        assert ok.get_attribute("class").split() == ["button", "button-danger"]
        assert "confirm-dialog-destructive" in dialog.get_attribute("class").split()
        page.screenshot(path=str(ARTIFACTS / "confirm_destructive.png"))
        ok.click()
        page.get_by_text("Créneau fermé").first.wait_for()
    afternoon = page.locator("section.afternoon", has_text=title)
    afternoon.get_by_role("button", name="Rouvrir tout l'après-midi").click()
    dialog, ok = _confirm_button(page)
    assert ok.inner_text() == "Rouvrir tout l'après-midi"
    assert ok.get_attribute("class").split() == ["button"]
    assert "confirm-dialog-destructive" not in (dialog.get_attribute("class") or "").split()
    color = ok.evaluate("b => getComputedStyle(b).backgroundColor")
    assert color != "rgb(255, 255, 255)"  # the primary button is filled, not the outlined danger one
    page.screenshot(path=str(ARTIFACTS / "confirm_not_destructive.png"))
    ok.click()
    page.get_by_text("rouvert").first.wait_for()
