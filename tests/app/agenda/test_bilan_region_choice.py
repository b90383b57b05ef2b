"""The review's « Région » choice: a national organiser chooses a region, or the whole network, beside the year, in
the same GET form, and the CSV link keeps it; before, a region's view was reached only by typing ``?region=76`` in
the address. A CRA has no such choice (its region is its own, ``policy.region_shown``) and cannot switch to another.
A code naming no region is the site's missing page (``region_asked``), never a 500."""

from __future__ import annotations

import html
import re

import pytest

from app.network.regions import region_names
from models import Role
from tests.app.html_parts import page_html, select_options

pytestmark = pytest.mark.web


def _form(page: str) -> str:
    """The review's GET form, its entities read (« l'année », « &region= »)."""
    return html.unescape(re.search(r'<form method="get" class="filters[^"]*".*?</form>', page, re.S).group(0))


def _selected(form: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', form, re.S).group(1)
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_a_national_organiser_chooses_a_region_or_the_whole_network(client, login, make_user):
    login(make_user(Role.ORGANISER, name="Avise"))
    form = _form(page_html(client.get("/organisation/bilan?annee=2025")))
    first, *regions = select_options(form, "region")
    assert first == "Tout le réseau" and sorted(regions) == sorted(region_names().values())
    assert '<label class="label" for="region">Région</label>' in form and 'id="region"' in form
    assert _selected(form, "region") == [""] and _selected(form, "annee") == ["2025"]  # the whole network
    assert 'aria-label="Choisir l\'année et la région"' in form
    assert "/organisation/bilan.csv?annee=2025\"" in form


def test_the_region_chosen_is_shown_kept_in_the_form_and_in_the_csv_link(client, login, make_user):
    login(make_user(Role.ORGANISER, name="Coorace"))
    page = page_html(client.get("/organisation/bilan", query_string={"annee": "2025", "region": "76"}))
    assert f"Bilan 2025 des actions collectives — {region_names()['76']}</h1>" in page
    form = _form(page)
    assert _selected(form, "region") == ["76"] and _selected(form, "annee") == ["2025"]
    assert "/organisation/bilan.csv?annee=2025&region=76" in form
    assert 'type="hidden"' not in form  # one field for the region: the choice itself
    assert "Participation des pôles de la région aux sessions collectives" in page
    # « Tout le réseau » sends an empty region: the national review again, with no region's part.
    page = page_html(client.get("/organisation/bilan", query_string={"annee": "2025", "region": ""}))
    assert "Bilan 2025 des actions collectives</h1>" in page and "poles-sessions" not in page


def test_a_cra_has_no_region_to_choose_and_cannot_switch(client, login, make_user):
    login(make_user(Role.ORGANISER, region_code="76"))
    page = page_html(client.get("/organisation/bilan?annee=2025"))
    form = _form(page)
    assert 'name="region"' not in form and "Tout le réseau" not in page
    assert 'aria-label="Choisir l\'année"' in form
    assert f"— {region_names()['76']}</h1>" in page
    assert "/organisation/bilan.csv?annee=2025&region=76" in form
    other = client.get("/organisation/bilan?annee=2025&region=84")
    assert other.status_code == 403
    assert "hors de votre périmètre" in page_html(other)


@pytest.mark.parametrize("value", ["zz", "76 OR 1=1", "<script>", "7" * 300])
@pytest.mark.parametrize("page", ["/organisation/bilan", "/organisation/bilan.csv"])
def test_a_region_code_naming_no_region_is_not_found(client, login, make_user, page, value):
    login(make_user(Role.ORGANISER, name="Avise"))
    assert client.get(page, query_string={"annee": "2025", "region": value}).status_code == 404
