"""The follow-up of a regional cell (CRA): no other region to choose, and another region asked in the URL is
refused with a page that says so — never « Répartition (0 transfert) », which would read as data."""

from __future__ import annotations

import re

import pytest

from app.transfers import services
from models import Role

pytestmark = pytest.mark.web


@pytest.fixture
def cra(make_user, scene):
    """The CRA of the scene's pole (Bretagne, 53); the other pole is in Pays de la Loire (52)."""
    return make_user(Role.ORGANISER, region_code=scene.pole.region_code)


def test_a_cra_has_no_region_to_choose_and_sees_its_region(client, login, cra, scene):
    services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    login(cra)
    page = client.get("/organisation/suivi").get_data(as_text=True)
    assert 'name="region"' not in page and "Bretagne <span class=\"meta\">(votre périmètre)</span>" in page
    assert "Répartition (1\u00a0transfert)" in page and scene.food_need.title not in page
    assert "Répartition (1\u00a0transfert)" in client.get("/organisation/suivi?region=53").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/organisation/suivi?region=52", "/organisation/suivi/appariements.csv?region=52"])
def test_another_region_in_the_url_is_refused_and_said_so(client, login, cra, scene, url):
    services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    login(cra)
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Pays de la Loire est hors de votre périmètre : vous suivez la région Bretagne." in page
    assert "Répartition" not in page and scene.food_need.title not in page


def test_a_national_organiser_chooses_any_region(client, login, scene):
    services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    login(scene.organiser)
    page = client.get("/organisation/suivi?region=52").get_data(as_text=True)
    assert re.search(r'<option (selected value="52"|value="52" selected)', page)  # the region select, 52 chosen
    assert "Répartition (1\u00a0transfert)" in page
