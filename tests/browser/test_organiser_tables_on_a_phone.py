"""The organisers' tables of records on a phone (375 px): attendance of a session, the poles to invite on a
visit theme, the exact and greedy results of a pairing run. Each row is a card whose cells say their column;
before, each table ran off the screen and a person read « Glouton (pour compar » and a cut « Utilité ».
The approval page's two buttons do not touch when they wrap."""

from __future__ import annotations

import re

import pytest

from tests.browser.sign_in import sign_in
from tests.browser.test_narrow_screens import _wider_than_the_screen

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def _stacked(page, region: str) -> list[str]:
    """What is drawn before each cell of the first row of the table in ``region`` (its column's name)."""
    row = page.get_by_role("region", name=region, exact=True).locator("tbody tr").first
    return row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")


def test_attendance_and_visit_theme_tables_are_cards_on_a_phone(live_site, page):
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "coorace@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/agenda/1/presences")
    assert _stacked(page, "Inscrit·es et présences")[1:3] == ['"Pôle\u00a0: " / ""', '"Statut\u00a0: " / ""']
    assert _wider_than_the_screen(page) == []
    page.goto(live_site.url + "/organisation/visites/theme/1")
    assert _stacked(page, "Tableau des pôles à inviter")[0] == '"Pôle\u00a0: " / ""'
    assert _wider_than_the_screen(page) == []


def test_a_pairing_run_s_comparison_is_read_on_a_phone(live_site, page):
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/tsf/")
    page.get_by_role("button", name=re.compile("^Lancer le calcul")).click()
    page.get_by_role("heading", name="Résultat exact et résultat glouton").wait_for(timeout=120_000)
    page.set_viewport_size(PHONE)
    page.reload()
    shown = _stacked(page, "Résultat exact et résultat glouton")
    assert shown[-1] == '"Glouton (pour comparaison)\u00a0: " / ""'
    assert _wider_than_the_screen(page) == []
    # A pair's checkbox says what it does on its card, not its column's name « Cocher : » before a bare box; a
    # screen reader hears which pair it ticks.
    tick = page.locator("input[name=binome]").first
    cell = tick.locator("xpath=..")
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == "none"
    shown = cell.locator(".card-only")
    assert shown.inner_text() == "Cocher le binôme" and shown.bounding_box()["width"] > 50  # drawn, not clipped
    assert re.fullmatch(r"Cocher le binôme \S.+", page.get_by_role("checkbox").first.evaluate(
        "box => box.labels[0].textContent").strip())
    # The approval page: « Confirmer l'envoi » and « Revenir à la revue » wrap one under the other, not touching.
    page.get_by_role("link", name="Approuver et envoyer les propositions…").click()
    send_button = page.get_by_role("button", name=re.compile("^Confirmer l'envoi"))
    back_link = page.get_by_role("link", name="Revenir à la revue des binômes")
    send_button.wait_for()
    back_link.wait_for()
    page.wait_for_load_state("load")
    # Both boxes read in one go (the page may still scroll to a focused notice between two separate reads).
    send, back = page.evaluate(
        """([a, b]) => [a, b].map(e => { const r = e.getBoundingClientRect();
                                        return {x: r.x, y: r.y, width: r.width, height: r.height}; })""",
        [send_button.element_handle(), back_link.element_handle()])
    assert back["y"] >= send["y"] + send["height"] + 4 or back["x"] >= send["x"] + send["width"] + 4


def test_a_stacked_table_s_caption_spans_its_cards_on_a_phone(live_site, page):
    """The CRA's review lists its poles as cards on a phone: the caption above them reads across the screen; left a
    table caption while the table became a block, it was squeezed into one narrow column, a word a line."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "cra.occitanie@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/bilan")
    region = page.get_by_role("region", name="Pôles venus aux sessions collectives", exact=True)
    caption, card = region.locator("caption"), region.locator("tbody tr").first
    assert caption.bounding_box()["width"] >= card.bounding_box()["width"] - 1
    # The cards need no sideways scrolling (the review's cross table above them scrolls in its own box, by design).
    assert region.evaluate("box => box.scrollWidth <= box.clientWidth")


def test_a_table_wider_than_the_phone_says_it_scrolls_sideways(live_site, page):
    """The review's eight columns ran off a phone's screen with nothing to say so (« Pa… » cut at the edge): a line
    above the box (static/js/scroll_hint.js, for every scroll_table) says to scroll it, and the focusable region is
    described by it; once the table fits, or for cards with nothing to scroll, no such line."""
    from playwright.sync_api import expect

    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "cra.occitanie@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/bilan")
    page.wait_for_load_state("load")  # the deferred scripts have run
    wide = page.get_by_role("region", name="Sessions collectives organisées pour la région, par type", exact=True)
    cards = page.get_by_role("region", name="Pôles venus aux sessions collectives", exact=True)
    shown = page.locator(".scroll-hint:visible")
    expect(shown).to_have_count(1)
    expect(shown).to_have_text("Faites défiler le tableau horizontalement →")
    hint_box, wide_box = shown.bounding_box(), wide.bounding_box()
    assert 0 <= wide_box["y"] - (hint_box["y"] + hint_box["height"]) <= 12 and hint_box["width"] > 200  # just above
    expect(wide).to_have_accessible_description("Faites défiler le tableau horizontalement")
    assert cards.get_attribute("aria-describedby") is None
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")  # the line itself fits the phone

    page.set_viewport_size({"width": 1280, "height": 800})  # the table fits: the line goes, and its description
    expect(shown).to_have_count(0)
    expect(wide).not_to_have_attribute("aria-describedby", re.compile("."))
