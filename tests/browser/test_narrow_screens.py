"""A phone (375 px wide): no page scrolls sideways, the navigation folds behind a « Menu » button usable with
the keyboard, wide tables scroll in their own named region; a form sent back with errors puts the focus on its
error summary."""

from __future__ import annotations

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
ROLE_PAGES = {
    "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr": ["/", "/mon-espace", "/besoins/1", "/agenda",
                                                                           "/juri-ptce/", "/transferts/"],
    "avise@demo.entrepairs.fr": ["/mon-espace", "/organisation/tsf/", "/organisation/statistiques",
                                 "/organisation/suivi", "/organisation/bilan", "/organisation/appui-renforce"],
    "admin@demo.entrepairs.fr": ["/admin/comptes", "/admin/journal"],
}


def _sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_no_page_scrolls_sideways_on_a_phone(live_site, page):
    page.set_viewport_size(PHONE)
    wide = []
    for address in ("/", "/poles/", "/personnes-ressources/", "/carte", "/agenda"):
        page.goto(live_site.url + address)
        if _sideways(page) > 0:
            wide.append(f"visiteur {address} : {_sideways(page)} px")
    for email, addresses in ROLE_PAGES.items():
        sign_in(page, live_site, email)
        for address in addresses:
            page.goto(live_site.url + address)
            if _sideways(page) > 0:
                wide.append(f"{email} {address} : {_sideways(page)} px")
    assert wide == []


def test_the_menu_button_opens_and_closes_the_navigation_with_the_keyboard(live_site, page):
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    menu = page.get_by_role("button", name="Menu")
    pole_link = page.locator("#navigation").get_by_role("link", name="Pôles", exact=True)
    menu.wait_for()  # written by static/js/menu.js once the page has loaded
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == "navigation"
    assert not pole_link.is_visible()

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Menu"
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true" and pole_link.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Pôles"
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not pole_link.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    page.keyboard.press(" ")
    assert menu.get_attribute("aria-expanded") == "true"
    pole_link.click()
    page.wait_for_url("**/poles/")
    assert _sideways(page) == 0

    page.set_viewport_size({"width": 1280, "height": 800})  # a wide screen: no button, the navigation shown
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#navigation").get_by_role("link", name="Pôles", exact=True).is_visible()


def test_a_wide_table_scrolls_in_its_own_named_region_reached_with_tab(live_site, page):
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/tsf/")
    region = page.get_by_role("region", name="Besoins à apparier", exact=True)
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("r => r.scrollWidth > r.clientWidth") and _sideways(page) == 0
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # The arrow keys scroll smoothly: wait for the region to move rather than read it at once (flaky under load).
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle(), timeout=5_000)


def test_a_form_sent_back_with_errors_puts_the_focus_on_its_summary(live_site, page):
    sign_in(page, live_site, "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr")
    page.goto(live_site.url + "/mon-espace")
    page.locator("a[href$='/besoins/nouveau']").first.click()
    page.get_by_role("button", name="Publier le besoin").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    page.wait_for_load_state()  # the deferred scripts have run
    page.wait_for_function("document.activeElement.classList.contains('error-summary')", timeout=5_000)
    summary.get_by_role("link").first.click()
    focused = page.evaluate("[document.activeElement.id, document.activeElement.getAttribute('aria-invalid')]")
    assert focused == ["title", "true"]


def _box(locator) -> dict[str, float]:
    return locator.bounding_box()


def test_a_filter_checkbox_stays_beside_its_label_on_a_phone(live_site, page):
    """Walk 3: the full-width rule of the filters' fields stretched the box of a checkbox across the line, which
    centred it far from its label."""
    page.set_viewport_size(PHONE)
    for address, label in (("/poles/", "Signataires de la Charte des PTCE uniquement"),
                           ("/agenda", "Seulement les sessions ouvertes à mon pôle")):
        if address == "/agenda":
            sign_in(page, live_site, "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr")
        page.goto(live_site.url + address)
        box = page.get_by_label(label)
        text = page.locator(f"label[for='{box.get_attribute('id')}']")
        assert _box(box)["width"] < 40, address
        assert _box(text)["x"] - (_box(box)["x"] + _box(box)["width"]) < 20, address


def test_two_buttons_of_a_paragraph_do_not_touch_when_they_wrap(live_site, page):
    """Walk 3: on a phone « Trouver mon pôle » fell under « Créer un compte » with no space between them."""
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/")
    hero = page.locator(".hero")
    first = _box(hero.get_by_role("link", name="Créer un compte"))
    second = _box(hero.get_by_role("link", name="Trouver mon pôle"))
    assert second["y"] >= first["y"] + first["height"] + 4 or second["x"] >= first["x"] + first["width"] + 4


def test_the_session_organisers_buttons_do_not_touch(live_site, page):
    """Walk 4: on a session's page « Annuler la session » sat against « Enregistrer le lien », at every width. It is
    now a folded disclosure (its « Message aux inscrit·es » inside): its summary keeps the distance."""
    sign_in(page, live_site, "coorace@demo.entrepairs.fr")
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/agenda")
    links = page.locator("main a[href^='/agenda/']").evaluate_all("links => links.map(a => a.href)")
    cancelling = page.locator("main summary", has_text="Annuler la session")
    for link in links:  # the first session still to be cancelled (other journeys share the site)
        page.goto(link)
        if cancelling.count():
            break
    save = _box(page.get_by_role("button", name="Enregistrer le lien"))
    cancel = _box(cancelling)
    assert cancel["y"] >= save["y"] + save["height"] + 4


def test_the_network_charts_keep_a_readable_size_in_their_own_named_box_on_a_phone(live_site, page):
    """The crawl: at 375 px the statistics' charts shrank to half the size they are drawn at (labels of 5 px);
    each now keeps its size and scrolls sideways inside a named region reached with Tab, never the page."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/statistiques")
    charts = page.locator("svg.graphique")
    assert charts.count() >= 5
    for index in range(charts.count()):
        chart = charts.nth(index)
        drawn, shown = chart.evaluate("svg => [svg.viewBox.baseVal.width, svg.getBoundingClientRect().width]")
        title = chart.evaluate("svg => svg.querySelector(':scope > title').textContent")
        box = chart.locator("xpath=..")
        assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0", title
        assert box.get_attribute("aria-label") == f"Graphique\u00a0: {title}"
        if "graphique--vide" in chart.get_attribute("class"):
            # an empty chart is a sentence: whole on the phone, no scrolling, its letters nearly their size
            assert shown >= 0.9 * drawn and not box.evaluate("b => b.scrollWidth > b.clientWidth"), title
            continue
        assert shown >= drawn, title
        assert box.evaluate("b => b.scrollWidth > b.clientWidth"), title
    assert _sideways(page) == 0


def test_an_empty_chart_shows_its_whole_sentence_on_a_phone(live_site, page):
    """The walk: an empty chart kept the width of a drawing, and its sentence ran off the phone's screen."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/statistiques")
    empty = page.locator("svg.graphique:has(text.graphique-vide)")
    assert empty.count() >= 1  # the demo has no learning visit
    for index in range(empty.count()):
        sentence = empty.nth(index).locator("text.graphique-vide")
        words, box = sentence.bounding_box(), empty.nth(index).locator("xpath=..").bounding_box()
        assert words["x"] >= box["x"] and words["x"] + words["width"] <= box["x"] + box["width"] + 0.5


def test_a_visible_caption_of_a_wide_table_starts_where_the_phone_shows_it(live_site, page):
    """The bilan's caption was centred over its eight columns, off the phone's screen on both sides."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/bilan")
    caption = page.locator(".table-scroll caption").first
    left, right = caption.evaluate("""c => { const r = document.createRange(); r.selectNodeContents(c);
                                           const b = r.getBoundingClientRect(); return [b.left, b.right]; }""")
    assert left >= 0 and right <= PHONE["width"]
