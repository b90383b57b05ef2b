"""A pair form refused for one of its fields links its error to that field, marked invalid and described by it
(walk of the pair's space, keyboard only at 375 px: « Écrivez de 2 à 5 objectifs » and « Dites en quelques mots ce
qui a été fait » took the focus, but no link led to the empty field and nothing marked it)."""

from __future__ import annotations

import html
import re

import pytest

from tests.app.pair_space.days import day_begun
from tests.app.edit_forms import form_in

pytestmark = pytest.mark.web


def _field(page: str, tag: str, field_id: str) -> str:
    return re.search(rf'<{tag} [^>]*id="{field_id}"[^>]*>', page).group(0)


def test_one_objective_written_links_the_error_to_the_second(client, login, pair):
    login(pair.facilitator)
    url = f"/transferts/{pair.pairing.id}"
    post = f"{url}/objectifs"
    typed = form_in(html.unescape(client.get(url).get_data(as_text=True)), post)
    typed["objective"] = ["Obtenir une convention d'occupation écrite", "", "", "", ""]
    page = html.unescape(client.post(post, data=typed).get_data(as_text=True))
    assert '<p class="error-summary" role="alert" tabindex="-1" id="objectifs-erreur">' \
           '<a href="#objectif-1">Écrivez de 2 à 5 objectifs.</a>' in page
    assert 'aria-invalid="true" aria-describedby="objectifs-erreur"' in _field(page, "input", "objectif-1")
    assert "aria-invalid" not in _field(page, "input", "objectif-0")


def test_a_refused_objective_text_links_its_own_field(client, login, pair):
    login(pair.facilitator)
    url = f"/transferts/{pair.pairing.id}"
    post = f"{url}/objectifs"
    typed = form_in(html.unescape(client.get(url).get_data(as_text=True)), post)
    typed["objective"] = ["Comprendre le groupement d'employeurs", "Chiffrer\tle coût du poste", "", "", ""]
    page = html.unescape(client.post(post, data=typed).get_data(as_text=True))
    assert re.search(r'<a href="#objectif-1">Objectif 2\s:', page)  # a no-break space before the colon
    assert 'aria-invalid="true"' in _field(page, "input", "objectif-1")


def test_a_report_without_what_was_done_links_its_field(client, db, login, pair):
    day = day_begun(db, pair)
    login(pair.person)
    url = f"/transferts/{pair.pairing.id}"
    post = f"{url}/journees/{day.id}/compte-rendu"
    typed = form_in(html.unescape(client.get(url).get_data(as_text=True)), post)
    typed.update(done="", next_step="Rédiger le projet de convention")
    response = client.post(post, data=typed)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert f'id="compte-rendu-erreur-{day.id}"><a href="#fait-{day.id}">Dites en quelques mots' in page
    assert f'aria-invalid="true" aria-describedby="compte-rendu-erreur-{day.id}"' in _field(page, "textarea", f"fait-{day.id}")
    assert "aria-invalid" not in _field(page, "textarea", f"suite-{day.id}")
