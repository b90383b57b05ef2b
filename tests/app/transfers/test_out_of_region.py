"""Another region's transfer reads to a CRA as a missing one, in words that say why it may be missing
(``app/access/policy.py``: a transfer's existence is named data of its region)."""

from __future__ import annotations

import html
import re

import pytest

from app.transfers import services
from models import Role

pytestmark = pytest.mark.web
HIDDEN = "Ce transfert n'existe pas ou ne relève pas de votre région : vous suivez la région Bretagne."


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")


def _message(response) -> str:
    return re.search(r"<h1>[^<]*</h1>\s*<p>([^<]*)</p>", _text(response)).group(1)


def test_a_cra_of_another_region_reads_the_same_404_as_for_a_missing_transfer(client, login, make_user, scene):
    pairing = services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    login(make_user(Role.ORGANISER, region_code="53"))
    hidden, missing = client.get(f"/transferts/{pairing.id}"), client.get(f"/transferts/{pairing.id + 1000}")
    assert hidden.status_code == missing.status_code == 404
    assert _message(hidden) == _message(missing) == HIDDEN
    assert scene.food_need.title not in _text(hidden) and "Pays de la Loire" not in _text(hidden)
    assert client.get(f"/transferts/{pairing.id}/journees/1.ics").status_code == 404


def test_the_cra_of_its_region_opens_it_and_others_read_the_plain_404(client, login, csrf, make_user, scene):
    pairing = services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    login(make_user(Role.ORGANISER, region_code="52"))
    assert client.get(f"/transferts/{pairing.id}").status_code == 200
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(scene.facilitator)
    response = client.get(f"/transferts/{pairing.id}")
    assert response.status_code == 404 and _message(response) == "Cette page n'existe pas ou n'est pas accessible."
