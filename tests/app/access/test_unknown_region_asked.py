"""``?region=`` naming no region (« abc ») is a missing page: the pages said « Pôles à accompagner en priorité —
abc », « abc est hors de votre périmètre », or a bilan of zeros for a region that does not exist."""

from __future__ import annotations

import html

import pytest

from models import Role

pytestmark = pytest.mark.web

PAGES = ("/organisation/appui-renforce", "/organisation/bilan", "/organisation/bilan.csv", "/organisation/suivi")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("region_code", [None, "76"])
def test_an_unknown_region_in_the_address_is_not_found(client, login, make_user, page, region_code):
    login(make_user(Role.ORGANISER, region_code=region_code))
    response = client.get(page, query_string={"region": "abc<b>"})
    assert response.status_code == 404
    assert "abc" not in html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("page", PAGES)
def test_a_known_region_is_still_shown(client, login, make_user, page):
    login(make_user(Role.ORGANISER))
    assert client.get(page, query_string={"region": "76"}).status_code == 200
