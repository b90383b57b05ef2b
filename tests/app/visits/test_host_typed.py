"""A learning visit's host is typed (words of its name or region, or its number), found on the server by
``host_lookup`` (``app.typed_lookup``): the list of every pole it replaced held two hundred and fifty and more options
at national scale, no list one can use on a phone, by keyboard or with a screen reader."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models import LearningVisit

pytestmark = pytest.mark.web
NEW = "/organisation/visites/nouvelle"


def _create(client, csrf, host: str, invited, **more):
    response = client.post(NEW, data={"invited": [str(p.id) for p in invited],
        "csrf_token": csrf(NEW), "title": "Tiers-lieux en friche", "theme_text": "tiers-lieu friche", "host": host,
        "start_date": (date.today() + timedelta(days=40)).isoformat(), "capacity": "2", **more})
    return response, html.unescape(response.get_data(as_text=True))


def _offered(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="host-choix" id="[^"]+" value="(\d+)"', page)


def _hosts(db) -> list[int]:
    return [v.host_pole_id for v in db.scalars(select(LearningVisit))]


def test_the_form_lists_no_pole_to_host(client, login, network):
    login(network.organiser)
    page = client.get(NEW).get_data(as_text=True)
    field = re.search(r'<input[^>]*id="host"[^>]*>', page).group(0)
    assert 'type="search"' in field and 'autocomplete="off"' in field and '<select id="host"' not in page


@pytest.mark.parametrize("typed", ["friche", "pole de la FRICHE", "{id}", "n° {id}"])
def test_the_host_named_by_words_of_its_name_or_its_number(client, login, csrf, db, network, typed):
    login(network.organiser)
    response, page = _create(client, csrf, typed.format(id=network.host.id), network.poles)
    assert response.status_code == 302, re.findall(r'class="error-summary.*?</div>', page, re.S)
    assert _hosts(db) == [network.host.id]


def test_several_poles_offered_to_pick_the_host_what_was_typed_kept(client, login, csrf, db, network, make_pole):
    other = make_pole("Pôle de la Friche du Nord", region_code="32")
    login(network.organiser)
    response, page = _create(client, csrf, "friche", network.poles)  # « Pôle de la Friche » typed whole would name it alone
    assert response.status_code == 200 and not _hosts(db)
    error = re.search(r'id="host-erreur">(.*?)</p>', page, re.S).group(1)
    assert error.startswith("2\u00a0pôles correspondent à «\u00a0friche\u00a0»\u00a0: choisissez le pôle hôte")
    assert _offered(page) == [str(network.host.id), str(other.id)] and 'value="friche"' in page
    assert f"Pôle de la Friche du Nord (Hauts-de-France) (n°\u00a0{other.id})</label>" in page
    response, page = _create(client, csrf, "friche", network.poles, **{"host-choix": str(other.id)})
    assert response.status_code == 302, re.findall(r'class="error-summary.*?</div>', page, re.S)
    assert _hosts(db) == [other.id]


@pytest.mark.parametrize(("typed", "said"), [
    ("conserverie", "Aucun pôle ne correspond à «\u00a0conserverie\u00a0»"),
    ("999999", "Aucun pôle ne porte le n°\u00a0999999"),
])
def test_no_pole_named_says_so_in_french(client, login, csrf, db, network, typed, said):
    login(network.organiser)
    response, page = _create(client, csrf, typed, network.poles)
    assert response.status_code == 200 and not _hosts(db)
    assert re.search(r'id="host-erreur">(.*?)</p>', page, re.S).group(1).startswith(said)
