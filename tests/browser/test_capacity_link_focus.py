"""« Changer ma capacité » on a resource person's space lands on the capacity field of the long profile form, its
label in sight and the field focused, so the keyboard goes on from there (it landed at the top of the form)."""

from __future__ import annotations

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

MIREILLE = "mireille.castagne@demo.entrepairs.fr"


@pytest.mark.parametrize("width", [375, 1280])
def test_changer_ma_capacite_focuses_the_capacity_field(page, live_site, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_site, MIREILLE)
    with page.expect_navigation():
        page.get_by_role("link", name="Changer ma capacité").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'yearly_capacity'")
    label_top = page.evaluate("document.querySelector(\"label[for='yearly_capacity']\").getBoundingClientRect().top")
    assert 0 <= label_top < 800
