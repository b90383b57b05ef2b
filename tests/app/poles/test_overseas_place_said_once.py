"""An overseas pole's page names its place once: « Guadeloupe · Maturité… », not « Guadeloupe — Guadeloupe »
(walk of a new facilitator in Guadeloupe); a pole of a region of several départements still names them."""

from __future__ import annotations

import pytest

from models import Departement
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _meta(client, pole) -> str:
    page = page_html(client.get(f"/poles/{pole.id}"))
    return " ".join(page.split('class="meta"', 1)[1].split("</p>", 1)[0].split())


def test_an_overseas_region_is_not_said_twice(client, make_pole, db):
    pole = make_pole("Pôle Koudmen", region_code="01", departements=[db.get(Departement, "971")])
    meta = _meta(client, pole)
    assert "Guadeloupe" in meta and "Guadeloupe — Guadeloupe" not in meta


def test_a_corsican_pole_names_its_departement(client, make_pole, db):
    pole = make_pole("Pôle du Pays Ajaccien", region_code="94", departements=[db.get(Departement, "2A")])
    assert "Corse — Corse-du-Sud" in _meta(client, pole)
