"""Reviewing a run, Avise reads why the engine paired each need with its person, beside the pair: the same words its
proposal will carry (« Pourquoi ce binôme »), not only a score (walk of 7 December 2026: 47 pairs, each a number)."""

from __future__ import annotations

import html
import re

import pytest

from app.templating import GUESSED_THEMES
from app.transfers import batch
from app.typography import french_spacing
from tests.app.html_parts import page_html
from matching.explain import without_moment_reasons
from matching.types import Explanation
from models import Offer, ResourcePerson

pytestmark = pytest.mark.web


def _row(page: str, pair_id: int) -> str:
    found = re.search(rf'<tr id="binome-{pair_id}".*?</tr>', page, re.S)
    assert found, pair_id
    return html.unescape(found.group(0))


def test_each_pair_says_why_beside_it(client, login, db, scene):
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    login(scene.organiser)
    page = page_html(client.get(f"/organisation/tsf/calculs/{run.id}"))
    pair = next(p for p in run.pairs if p.resource_person_id == scene.finance.id)
    row = _row(page, pair.id)
    stored = run.result["explanations"][f"{pair.need_id}:{pair.resource_person_id}"]["explanation"]
    assert "Pourquoi ce binôme" in row
    assert french_spacing(f"D'après l'offre « {scene.finance.offers[0].title} »") in row
    lasting = without_moment_reasons(Explanation(**{k: v for k, v in stored.items() if k != "components"})).reasons
    assert lasting and all(french_spacing(reason) in row for reason in lasting)
    assert "transfert possible" not in row and "Classée" not in row  # the moment's, not what the proposal will say


def test_a_swapped_pair_says_why_of_its_new_person(client, login, db, scene, make_resource_person):
    second = make_resource_person(capacity=1)
    db.add(Offer(resource_person=second, title="Mutualiser le financement de la coordination",
                 text="Nous avons financé la coordination du pôle par les cotisations des membres et des "
                      "prestations mutualisées, pour ne plus dépendre d'une seule subvention annuelle."))
    db.commit()
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    pair = next(p for p in run.pairs if p.need_id == scene.finance_need.id)
    other = next(pid for pid, _score in batch.swap_options(run, pair))
    batch.swap_pair(run, pair, person_id=other)
    login(scene.organiser)
    row = _row(page_html(client.get(f"/organisation/tsf/calculs/{run.id}")), pair.id)
    assert "(échangé)" in row and "Pourquoi ce binôme" in row
    now_offer = db.get(ResourcePerson, other).offers[0].title
    assert french_spacing(f"D'après l'offre « {now_offer} »") in row


def test_one_pair_s_button_says_what_it_did_to_which_pair(client, login, csrf, db, scene, make_resource_person):
    """The focus lands on the notice after « Retirer », « Rétablir » or « Échanger »: « Binôme mis à jour. » told
    a keyboard or screen reader user neither which pair nor what became of it."""
    second = make_resource_person(capacity=1)
    db.add(Offer(resource_person=second, title="Mutualiser le financement de la coordination",
                 text="Nous avons financé la coordination du pôle par les cotisations des membres et des "
                      "prestations mutualisées, pour ne plus dépendre d'une seule subvention annuelle."))
    db.commit()
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    pair = next(p for p in run.pairs if p.need_id == scene.finance_need.id)
    first_name = db.get(ResourcePerson, pair.resource_person_id).user.display_name
    login(scene.organiser)
    page_url = f"/organisation/tsf/calculs/{run.id}"
    base = f"{page_url}/binomes/{pair.id}"
    notices = []
    for action, data in (("retirer", {}), ("restaurer", {})):
        client.post(f"{base}/{action}", data={"csrf_token": csrf(page_url), **data})
        notices.append(html.unescape(page_html(client.get(page_url))))
    need = french_spacing(f"« {scene.finance_need.title} »")
    assert french_spacing(f"Binôme retiré : {need}") in notices[0] and f"avec {first_name} ne partira pas" in notices[0]
    assert french_spacing(f"Binôme rétabli : {need}") in notices[1]
    other = next(pid for pid, _score in batch.swap_options(run, pair))
    token = csrf(page_url)
    client.post(f"{base}/echanger", data={"csrf_token": token, f"p{pair.id}-csrf_token": token,
                                          f"p{pair.id}-person_id": str(other)})
    swapped = html.unescape(page_html(client.get(page_url)))
    other_name = db.get(ResourcePerson, other).user.display_name
    assert french_spacing(f"Personne ressource échangée : {need} sera proposé à {other_name}, "
                          f"au lieu de {first_name}.") in swapped
    assert "Binôme mis à jour" not in swapped


def test_the_themes_percentages_are_explained_once_above_the_pairs(client, login, db, scene):
    run = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0.0).run.id)
    result = dict(run.result)
    explanations = {key: dict(why) for key, why in result["explanations"].items()}
    for why in explanations.values():
        why["explanation"] = {**why["explanation"], "reasons": [
            f"{GUESSED_THEMES}Modèle socio-économique et pérennisation (66 %)", *why["explanation"]["reasons"]]}
    run.result = {**result, "explanations": explanations}
    db.commit()
    login(scene.organiser)
    page = html.unescape(page_html(client.get(f"/organisation/tsf/calculs/{run.id}")))
    assert len(explanations) > 1 and page.count(french_spacing("Comment lire ces pourcentages ?")) == 1
    assert page.index(french_spacing("Comment lire ces pourcentages ?")) < page.index("Pourquoi ce binôme")
