"""The attendance sheet filtered as one types (static/js/list_filter.js): the rows and boxes of the people found,
and a status line a screen reader reads, « Aucune personne affichée. » when nobody matches."""

from __future__ import annotations

import pytest

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser


def test_typing_a_name_keeps_that_person_and_says_how_many_are_shown(live_site, page):
    sign_in(page, live_site, "coorace@demo.entrepairs.fr")
    page.goto(live_site.url + "/organisation/agenda/1/presences")
    rows = page.locator("tr[data-filter-item=row]")
    assert rows.count() >= 2
    first = rows.first.locator("td").first.inner_text()
    search = page.get_by_role("searchbox")
    search.fill(first.split()[-1])
    page.wait_for_function("() => document.getElementById('q-resultat').textContent !== ''")
    shown = [r for r in rows.all() if r.is_visible()]
    assert first in [r.locator("td").first.inner_text() for r in shown] and len(shown) < rows.count()
    status = page.locator("#q-resultat").inner_text()
    assert status == f"{len(shown)} {'personne affichée' if len(shown) == 1 else 'personnes affichées'}."
    search.fill("zzzz introuvable")
    page.wait_for_function("() => document.getElementById('q-resultat').textContent.startsWith('Aucune')")
    assert page.locator("#q-resultat").inner_text() == "Aucune personne affichée."
    assert not any(r.is_visible() for r in rows.all())
