"""The poles an organiser ticks among the whole network (app/pole_choices.py, templates/macros/pole_checkboxes.html):
grouped by region, regions and poles in alphabetical order, how many are ticked, ticks kept when the form comes back
with an error; the filter box and the count wait hidden for static/js/pole_filter.js."""

from __future__ import annotations

import re

import pytest

from models import Role

VISIT_FORM = "/organisation/visites/nouvelle"
SESSION_FORM = "/organisation/agenda/nouvelle"


def _groups(page: str) -> list[tuple[str, list[str]]]:
    """The region legends of the picker, each with its poles' labels, in the page's order."""
    groups = re.findall(r'<fieldset class="pole-region" data-pole-region>\s*<legend>([^<]+)</legend>(.*?)</fieldset>',
                        page, re.S)
    return [(region, re.findall(r'<label for="[^"]+">([^<]+)</label>', body)) for region, body in groups]


@pytest.fixture
def organiser(db, make_pole, make_user, login):
    make_pole("Zéphyr Coopératif", region_code="53")       # Bretagne
    make_pole("Atelier du Léon", region_code="53")
    make_pole("Pôle des Canuts", region_code="84")         # Auvergne-Rhône-Alpes
    make_pole("Éco-Pôle Garonne", region_code="76")        # Occitanie
    make_pole("Bastide Solidaire", region_code="76")
    db.commit()
    user = make_user(Role.ORGANISER)
    login(user)
    return user


@pytest.mark.parametrize("url", [VISIT_FORM, SESSION_FORM])
def test_the_poles_are_grouped_by_region_in_alphabetical_order(client, organiser, url):
    page = client.get(url).get_data(as_text=True)
    assert _groups(page) == [("Auvergne-Rhône-Alpes", ["Pôle des Canuts"]),
                             ("Bretagne", ["Atelier du Léon", "Zéphyr Coopératif"]),
                             ("Occitanie", ["Bastide Solidaire", "Éco-Pôle Garonne"])]
    assert re.search(r'aria-live="polite" data-pole-ticked hidden>Aucun pôle coché</p>', page)
    assert re.search(r'<div class="pole-picker-filter" data-pole-filter hidden>', page)  # both shown by the script
    assert "js/pole_filter.js" in page


def test_a_form_sent_back_with_an_error_keeps_the_ticks_and_counts_them(client, csrf, organiser, db):
    token = csrf(VISIT_FORM)
    boxes = dict(re.findall(r'id="(invited-\d+)" name="invited" type="checkbox" value="(\d+)"',
                            client.get(VISIT_FORM).get_data(as_text=True)))
    ticked = sorted(boxes.values())[:2]
    page = client.post(VISIT_FORM, data={"csrf_token": token, "title": "", "invited": ticked}).get_data(as_text=True)
    assert "Le formulaire contient" in page
    kept = re.findall(r'<input checked id="invited-\d+" name="invited" type="checkbox" value="(\d+)"', page)
    assert sorted(kept) == ticked
    assert "data-pole-ticked hidden>2\u00a0pôles cochés</p>" in page


@pytest.mark.parametrize("url", [VISIT_FORM, SESSION_FORM])
def test_unknown_poles_sent_are_refused_beside_the_list(client, csrf, organiser, url):
    token = csrf(url)
    response = client.post(url, data={"csrf_token": token, "invited": ["99999999999", "abc", "-1"]})
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 400) and re.search(r'id="invited-erreur">Choix inconnu', page)
    assert len(_groups(page)) == 3
