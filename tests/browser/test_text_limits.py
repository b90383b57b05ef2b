"""The length counter under a text field (static/js/text_limits.js): what a cut paste lost, in good French."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PASTE = """([selector, kept, pasted]) => {
  const field = document.querySelector(selector);
  field.focus();
  const data = new DataTransfer();
  data.setData("text", pasted);
  field.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  field.value = kept;  // what the browser keeps of a paste longer than the room left
  field.dispatchEvent(new Event("input", { bubbles: true }));
}"""


@pytest.mark.parametrize(("lost", "said"), [
    (1, "Le texte collé était trop long\u00a0: son dernier caractère n'a pas été gardé (120 caractères au plus)."),
    (3, "Le texte collé était trop long\u00a0: ses 3 derniers caractères n'ont pas été gardés (120 caractères au plus)."),
])
def test_a_cut_paste_says_how_much_was_lost_singular_or_plural(page, live_site, lost, said):
    page.goto(f"{live_site.url}/compte/inscription")
    pasted = "n" * (120 + lost)
    page.evaluate(PASTE, ["#display_name", pasted[:120], pasted])
    assert page.locator("#display_name-limite").inner_text().startswith(said)
