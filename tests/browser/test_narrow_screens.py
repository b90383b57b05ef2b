"""A phone (375 px wide): no page scrolls sideways, nor anything in the main pages of each role (lists of records
stacked row by row, charts drawn for a phone), the navigation folds behind a « Menu » button usable with the
keyboard, tables read across scroll in their own named region; a form sent back with errors puts the focus on its
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
    page.goto(f"{live_site.url}/mon-espace")  # without the welcome, which takes the focus: Tab starts from the top
    menu = page.get_by_role("button", name="Menu")
    pole_link = page.locator("#navigation").get_by_role("link", name="Pôles", exact=True)
    menu.wait_for()  # written by static/js/menu.js once the page has loaded
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == "navigation"
    assert not pole_link.is_visible()

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Menu")  # « Menu 2 » with unread notifications
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
    """A table read across (the bilan's sessions by kind and by scope) keeps its columns and scrolls in its region."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/bilan")
    region = page.get_by_role("region", name="Sessions collectives par type et par périmètre", exact=True)
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


def test_the_network_charts_fill_a_phone_s_width_with_letters_at_their_drawn_size(live_site, page):
    """The crawl: at 375 px a chart drawn 640 units wide shrank to half its size (labels of 5 px); kept at its size it
    scrolled sideways. A phone is shown the chart's second drawing, 320 units wide: it fills the box, its letters at
    about their drawn size, and nothing scrolls; a wide screen is shown the 640-unit one."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/statistiques")
    shown = "[...document.querySelectorAll('svg.graphique')].filter(s => s.getBoundingClientRect().width > 0)"
    charts = page.evaluate(f"""{shown}.map(s => [s.querySelector(':scope > title').textContent, s.viewBox.baseVal.width,
        s.getBoundingClientRect().width, s.parentElement.clientWidth, s.getAttribute('class')])""")
    assert len(charts) >= 5 and len({title for title, *_ in charts}) == len(charts)  # one drawing of each shown
    for title, drawn, width, box, classes in charts:
        assert "graphique--large" not in classes, title
        assert width >= 0.9 * drawn, title  # letters of 10–11 units at least 9–10 px
        if "graphique--vide" not in classes:
            assert width >= box - 40, title  # the whole width of its box (less its padding)
    assert _sideways(page) == 0 and not _wider_than_the_screen(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert all("graphique--etroit" not in classes for classes in page.evaluate(f"{shown}.map(s => s.getAttribute('class'))"))


def test_an_empty_chart_shows_its_whole_sentence_on_a_phone(live_site, page):
    """The walk: an empty chart kept the width of a drawing, and its sentence ran off the phone's screen."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    # Mayotte's page: the demo has no learning visit there (its one visit is in Occitanie), so charts are empty.
    page.goto(live_site.url + "/organisation/region/06")
    empty = page.locator("svg.graphique:has(text.graphique-vide)")
    assert empty.count() >= 1
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


#: The main pages of each role on a phone (the walk of this change).
PHONE_WALK = {
    "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr": ["/mon-espace", "/besoins/1", "/agenda",
                                                                           "/juri-ptce/", "/transferts/"],
    "mireille.castagne@demo.entrepairs.fr": ["/mon-espace", "/transferts/"],
    "coorace@demo.entrepairs.fr": ["/organisation/suivi", "/organisation/statistiques"],
    "cra.aura@demo.entrepairs.fr": ["/organisation/region/84"],
    "avise@demo.entrepairs.fr": ["/organisation/tsf/"],
}


def _wider_than_the_screen(page) -> list[str]:
    """The elements shown wider than the screen, even inside a box that scrolls (what a person has to scroll
    sideways to read), leaving out what is hidden on purpose (a skip link off the screen, a visually hidden text)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')].filter(el => {
        const box = el.getBoundingClientRect();
        let right = box.right;
        if (!(box.width > 0 && box.right > 0 && right > innerWidth + 0.5) || !el.checkVisibility()) return false;
        for (let up = el.parentElement; up; up = up.parentElement) {
          const style = getComputedStyle(up);
          if (style.clip !== 'auto') return false;  // clipped away: visually hidden, for a screen reader only
          if (['hidden', 'clip'].includes(style.overflowX)) right = Math.min(right, up.getBoundingClientRect().right);
        }  // cut by its box (a map's regions outside its frame), not scrolled to: a box that scrolls does not count
        return right > innerWidth + 0.5 && !el.closest('.lien-evitement, .skip-link');
      }).map(el => `${el.tagName.toLowerCase()}.${el.className} ${(el.getAttribute('aria-label') || el.textContent)
        .trim().slice(0, 40)}`)""")


def test_nothing_of_the_main_pages_of_each_role_is_wider_than_a_phone(live_site, page):
    """The walk at 375 px: no page scrolled sideways, but « Transferts en cours », the organisers' lists and every
    chart did inside their own box, a person reading them a column or a bar at a time."""
    page.set_viewport_size({"width": 375, "height": 812})
    wide = []
    for email, addresses in PHONE_WALK.items():
        sign_in(page, live_site, email)
        for address in addresses:
            page.goto(live_site.url + address)
            if _sideways(page) > 0 or _wider_than_the_screen(page):
                wide.append(f"{email} {address} : {_sideways(page)} px, {_wider_than_the_screen(page)[:3]}")
    assert wide == []


def test_a_stacked_list_says_each_cell_s_column_and_stays_a_table(live_site, page):
    """« Transferts en cours » on a phone: one card a transfer, each value after its column's name, and still a
    table of rows and cells with their column headers for a screen reader."""
    page.set_viewport_size(PHONE)
    sign_in(page, live_site, "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr")
    page.goto(live_site.url + "/mon-espace")
    table = page.get_by_role("region", name="Transferts", exact=True).locator("table")
    headers = table.locator("thead th").all_inner_texts()
    row = table.locator("tbody tr").first
    shown = row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    # the name drawn before the value, its alternative text empty (a screen reader hears the column header)
    assert shown == [f'"{header}\u00a0: " / ""' for header in headers]
    first, last = row.locator("td").first.bounding_box(), row.locator("td").last.bounding_box()
    assert last["y"] > first["y"] and abs(last["x"] - first["x"]) < 1  # one under the other
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]  # what a screen reader is given
    roles = {node["role"]["value"] for node in tree if "role" in node}
    assert {"table", "row", "columnheader", "cell"} <= roles


def test_e_mail_and_juri_ptce_never_break_at_their_hyphen_on_a_phone(live_site, page):
    """The walk: « Mes rendez-vous Juri-PTCE » broke « Juri- / PTCE » at 375 px. The word stays on one line, and
    stays the word a person searches for and copies."""
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_site, "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr")
    page.goto(live_site.url + "/juri-ptce/mes-rendez-vous")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Mes rendez-vous Juri-PTCE"
    lines = heading.evaluate("""h => { const text = [...h.querySelectorAll('*'), h].flatMap(e => [...e.childNodes])
        .find(n => n.nodeType === 3 && n.data.includes('Juri-PTCE'));
        const r = document.createRange(); const at = text.data.indexOf('Juri-PTCE');
        r.setStart(text, at); r.setEnd(text, at + 9);
        return new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top))).size; }""")
    assert lines == 1
    assert page.evaluate("window.find('rendez-vous Juri-PTCE')")  # the browser's search finds the words


def test_a_name_typed_as_one_long_word_wraps_in_a_legend_on_a_phone(live_site, page):
    """A pole's name with no space (200 letters, a pasted address…) heads its box of the attendance sheet: a
    fieldset is as wide as its widest word by default, and the page scrolled sideways by 1 000 px."""
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_site, "avise@demo.entrepairs.fr")
    page.goto(f"{live_site.url}/visites/1/presences")
    legend = page.locator("main fieldset legend").first
    legend.evaluate("(el) => { el.firstChild.textContent = 'W'.repeat(200) + ' '; }")
    assert "W" * 200 in legend.text_content()
    assert _sideways(page) == 0
