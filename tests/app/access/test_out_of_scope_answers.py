"""A CRA asking a page about a pole of another region: the reasoned 403 where the pole is public, the 404 of a
missing pole where even its existence is another region's named data (``app/access/policy.py``)."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from app.access import policy
from models import Role

WHY = "Auvergne-Rhône-Alpes est hors de votre périmètre : vous suivez la région Occitanie."
HIDDEN = "Ce pôle n'existe pas ou ne relève pas de votre région : vous suivez la région Occitanie."
PAGES = ("/poles/{}/eligibilite", "/poles/{}/accompagnements/nouveau")


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")


def _message(response) -> str:
    return re.search(r"<h1>[^<]*</h1>\s*<p>([^<]*)</p>", _text(response)).group(1)


def _cra(**fields) -> SimpleNamespace:
    return SimpleNamespace(is_authenticated=True, is_active=True, role=Role.ORGANISER, region_code="76", id=1,
                           pole_id=None, has_role=lambda *roles: Role.ORGANISER in roles, **fields)


def test_the_policy_tells_a_public_pole_and_hides_an_unlisted_one():
    cra = _cra()
    assert policy.out_of_scope_is_told(cra, pole_id=7, region_code="84", listed=True)
    assert not policy.out_of_scope_is_told(cra, pole_id=7, region_code="84", listed=False)


@pytest.mark.web
@pytest.mark.parametrize("page", PAGES)
def test_a_cra_reads_why_for_a_public_pole_of_another_region(client, login, make_user, make_pole, page):
    pole = make_pole("Pôle des Monts", region_code="84")
    login(make_user(Role.ORGANISER, region_code="76"))
    response = client.get(page.format(pole.id))
    assert response.status_code == 403 and _message(response) == WHY


@pytest.mark.web
@pytest.mark.parametrize("page", PAGES)
def test_an_unlisted_pole_of_another_region_reads_as_a_missing_one(client, login, make_user, make_pole, page):
    hidden = make_pole("Pôle discret", region_code="84", public=False)
    login(make_user(Role.ORGANISER, region_code="76"))
    response, missing = client.get(page.format(hidden.id)), client.get(page.format(hidden.id + 1000))
    assert response.status_code == missing.status_code == 404
    assert _message(response) == _message(missing) == HIDDEN
    assert "Pôle discret" not in _text(response) and "Auvergne" not in _text(response)


@pytest.mark.web
@pytest.mark.parametrize("page", PAGES)
def test_a_cra_opens_the_pages_of_its_own_region_s_poles_listed_or_not(client, login, make_user, make_pole, page):
    login(make_user(Role.ORGANISER, region_code="84"))
    for public in (True, False):
        assert client.get(page.format(make_pole(region_code="84", public=public).id)).status_code == 200
