"""Avise reviews a run's pairs in the order she needs: the weakest affinity first (those to check), or by region
(walk of 7 December 2026: 47 pairs in the order of the calculation only, no way to sort them). The order stays
while she reviews: after « Retirer » or « Échanger », the page comes back in it, at the pair."""

from __future__ import annotations

import re

import pytest

from app.transfers import batch
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _pair_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="binome-(\d+)"', page)]


def test_the_pairs_can_be_read_weakest_first_or_by_region(client, login, db, scene):
    scene.pole.region_code = "93"  # Provence-Alpes-Côte d'Azur, after the other pole's Pays de la Loire
    db.commit()
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    assert len(run.pairs) == 2
    run.pairs[0].score, run.pairs[1].score = 9.0, 1.0  # the calculation's order is not the weakest first
    db.commit()
    login(scene.organiser)
    url = f"/organisation/tsf/calculs/{run.id}"
    weakest = _pair_ids(page_html(client.get(url, query_string={"ordre": "affinite"})))
    assert weakest == [run.pairs[1].id, run.pairs[0].id]
    by_region = _pair_ids(page_html(client.get(url, query_string={"ordre": "region"})))
    region_of = {p.id: db.get(type(scene.finance_need), p.need_id).pole.region.name for p in run.pairs}
    assert by_region == sorted(region_of, key=lambda pair_id: (region_of[pair_id], pair_id))
    assert by_region != sorted(region_of)  # not the calculation's order
    plain = page_html(client.get(url, query_string={"ordre": "n'importe quoi"}))
    assert _pair_ids(plain) == sorted(p.id for p in run.pairs)  # an unknown order: the calculation's
    assert 'name="ordre"' in plain and "<label" in plain[plain.index('name="ordre"') - 300:plain.index('name="ordre"')]


def test_the_order_stays_after_a_pair_is_reviewed(client, login, csrf, db, scene):
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    pair = run.pairs[0]
    login(scene.organiser)
    url = f"/organisation/tsf/calculs/{run.id}"
    page = page_html(client.get(url, query_string={"ordre": "affinite"}))
    assert f'action="{url}/binomes/{pair.id}/retirer?ordre=affinite"' in page
    response = client.post(f"{url}/binomes/{pair.id}/retirer?ordre=affinite", data={"csrf_token": csrf(url)})
    assert response.headers["Location"].endswith(f"{url}?ordre=affinite#binome-{pair.id}")
    ticked = client.post(f"{url}/binomes/coches?ordre=region", data={
        "csrf_token": csrf(url), "action": "retablir", "binome": [str(pair.id)]})
    assert ticked.headers["Location"].endswith(f"{url}?ordre=region")
