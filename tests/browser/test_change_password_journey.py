"""« Changer mon mot de passe » with the keyboard alone: from « Mon espace », errors at once, then the change.

The shared demo is left as found: the password is changed back at the end.
"""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest

from app.demo import DEMO_PASSWORD
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ACCOUNT = "cra.occitanie@demo.entrepairs.fr"
NEW = "un-nouveau-mot-de-passe-2026"


def _fill_with_the_keyboard(page, current: str, new: str, confirm: str) -> None:
    page.get_by_label("Mot de passe actuel").focus()
    for text in (current, new, confirm):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Changer le mot de passe"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_change_password_with_the_keyboard(page, live_site):
    sign_in(page, live_site, ACCOUNT)
    page.get_by_role("link", name="Changer mon mot de passe").click()
    page.get_by_role("heading", name="Changer mon mot de passe").wait_for()

    _fill_with_the_keyboard(page, "pas-le-bon", "court", "autre")
    summary = page.locator(".error-summary")
    assert "3\u00a0erreurs" in summary.inner_text()
    assert page.locator("#current_password-erreur").inner_text() == "Le mot de passe actuel n'est pas le bon."
    assert page.evaluate("[...document.querySelectorAll('input[type=password]')].map(i => i.value)") == ["", "", ""]

    _fill_with_the_keyboard(page, DEMO_PASSWORD, NEW, NEW)
    page.get_by_text("Votre mot de passe est changé.").wait_for()
    assert page.url.endswith("/mon-espace")
    subject = str(make_header(decode_header(live_site.last_mail_to(ACCOUNT)["Subject"])))
    assert subject.startswith("Votre mot de passe a été changé")

    page.goto(f"{live_site.url}/compte/mot-de-passe")  # back as found for the other journeys
    _fill_with_the_keyboard(page, NEW, DEMO_PASSWORD, DEMO_PASSWORD)
    page.get_by_text("Votre mot de passe est changé.").wait_for()
