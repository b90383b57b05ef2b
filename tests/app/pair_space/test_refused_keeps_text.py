"""An objective or a day report the rules refuse comes back as typed, the reason beside its form (walk of
6 December 2026: a tab pasted into « Objectif 2 » gave a notice at the top of the transfer page, the form emptied;
the two objectives had to be typed again, and the notice did not say which one was wrong)."""

from __future__ import annotations

import html

import pytest

from tests.app.edit_forms import form_in

pytestmark = pytest.mark.web


def test_refused_objectives_come_back_as_typed_with_the_reason_beside_them(client, login, pair):
    login(pair.facilitator)
    url = f"/transferts/{pair.pairing.id}"
    post = f"{url}/objectifs"
    typed = form_in(html.unescape(client.get(url).get_data(as_text=True)), post)
    typed["objective"] = ["Comprendre le groupement d'employeurs", "Chiffrer\tle coût du poste", "", "", ""]
    response = client.post(post, data=typed)
    assert response.status_code == 400  # the page again, not a redirection that would lose the text
    page = html.unescape(response.get_data(as_text=True))
    kept = form_in(page, post)
    assert kept["objective"][:2] == ["Comprendre le groupement d'employeurs", "Chiffrer\tle coût du poste"]
    reason = page.index("caractères invisibles")
    assert page.index('id="objectifs"') < reason < page.index(f'action="{post}"')
    assert "Objectif 2" in page[reason - 200:reason]
