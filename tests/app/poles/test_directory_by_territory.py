"""The directory's search box finds a pole by its territory (walk of a new facilitator): « corse », « guadeloupe »,
« puy-de-dôme » or « 63 » answered « Aucun pôle ne correspond » though such poles were listed — the words were only
looked for in the name, carrier and texts."""

from __future__ import annotations

import pytest

from models import Departement

pytestmark = pytest.mark.web


def _found(client, q: str) -> str:
    return client.get("/poles/", query_string={"q": q}).get_data(as_text=True)


def test_a_pole_is_found_by_its_region_or_departement(client, make_pole, db):
    make_pole("Pôle Coopératif du Pays Ajaccien", region_code="94", departements=[db.get(Departement, "2A")])
    make_pole("Pôle Koudmen Basse-Terre", region_code="01")
    make_pole("Collectif du Livradois", region_code="84", departements=[db.get(Departement, "63")])
    for query, name in [("corse", "Ajaccien"), ("Corse-du-Sud", "Ajaccien"), ("2a", "Ajaccien"),
                        ("guadeloupe", "Koudmen"), ("puy-de-dome", "Livradois"), ("63", "Livradois"),
                        ("coopératif corse", "Ajaccien")]:
        page = _found(client, query)
        assert name in page, query
    page = _found(client, "corse")
    assert "Koudmen" not in page and "Livradois" not in page
