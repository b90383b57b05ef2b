"""The error summary of the pole form leads to the département to untick (walk of a new facilitator).

A Guadeloupe pole with Corse-du-Sud ticked by mistake: « ce département n'est pas dans la région choisie :
Corse-du-Sud », whose link went to « Ain (01) », the first box of the list, under the other regions — nowhere near
the box to untick (and inside a closed list when nothing else of another region was ticked).
"""

from __future__ import annotations

import re

import pytest

from models import Role
from tests.app.poles.test_views import _pole_form

pytestmark = pytest.mark.web


def _box_id(page: str, code: str) -> str:
    box = re.search(rf'<input[^>]*value="{code}"[^>]*>', page).group(0)
    return re.search(r'id="([^"]+)"', box).group(1)


def test_the_summary_links_the_departement_of_another_region(client, csrf, login, make_user):
    login(make_user(Role.FACILITATOR))
    url = "/poles/nouveau"
    response = client.post(url, data=_pole_form(csrf, url, region_code="01", departements=["971", "2A"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'href="#{_box_id(page, "2A")}"' in summary
    assert "Corse-du-Sud" in summary


def test_a_list_without_such_a_box_still_links_its_first_choice(client, csrf, login, make_user):
    login(make_user(Role.FACILITATOR))
    url = "/poles/nouveau"
    page = client.post(url, data=_pole_form(csrf, url, maturity="")).get_data(as_text=True)
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#maturity-0"' in summary
