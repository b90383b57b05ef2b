"""« Exclure un binôme » names its resource person by her number or by words of her name (and of her region), found on
the server as the need is (``person_lookup``, ``app.typed_lookup``): the list of every active person it replaced held
six hundred and more options at national scale, no list one can use on a phone, by keyboard or with a screen reader."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from models import ForbiddenPair

pytestmark = pytest.mark.web
FORBID = "/organisation/tsf/interdire"


def _exclude(client, csrf, typed: str, **more: str):
    response = client.post(FORBID, data={"csrf_token": csrf("/organisation/tsf/"), "need_id": "coordination",
                                         "resource_person_id": typed, "reason": "Conflit", **more})
    return response, html.unescape(response.get_data(as_text=True))


def _excluded(db) -> set[tuple[int, int]]:
    return {tuple(row) for row in db.execute(select(ForbiddenPair.need_id, ForbiddenPair.resource_person_id))}


def _error(page: str) -> str:
    return re.search(r'id="resource_person_id-erreur">(.*?)</p>', page, re.S).group(1)


def _offered(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="resource_person_id-choix" id="[^"]+" value="(\d+)"', page)


@pytest.fixture
def named(db, scene, make_resource_person):
    """Three Maries: two in Bretagne, one in Normandie."""
    scene.finance.user.display_name, scene.food.user.display_name = "Marie Le Goff", "Marie Kervella"
    normande = make_resource_person(region_code="28")
    normande.user.display_name = "Marie Lefèvre"
    db.commit()
    return normande


def test_the_console_lists_no_person_to_choose_from(client, login, scene):
    login(scene.organiser)
    page = client.get("/organisation/tsf/").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="resource_person_id"[^>]*>', page).group(0)
    assert 'type="search"' in field and 'autocomplete="off"' in field and 'aria-describedby="resource_person_id-aide"' in field
    assert "<select" not in page.split('id="exclure-titre"')[1]


@pytest.mark.parametrize("typed", ["{id}", "n° {id}", "kervella", "MARIE bretagne KERV"])
def test_a_person_named_by_her_number_or_words_of_her_name(client, login, csrf, db, scene, named, typed):
    login(scene.organiser)
    response, _ = _exclude(client, csrf, typed.format(id=scene.food.id))
    assert response.status_code == 302 and _excluded(db) == {(scene.finance_need.id, scene.food.id)}


def test_her_region_tells_namesakes_apart(client, login, csrf, db, scene, named):
    login(scene.organiser)
    response, _ = _exclude(client, csrf, "marie normandie")
    assert response.status_code == 302 and _excluded(db) == {(scene.finance_need.id, named.id)}


def test_several_are_offered_to_pick_one_what_was_typed_kept(client, login, csrf, db, scene, named):
    login(scene.organiser)
    response, page = _exclude(client, csrf, "marie")
    assert response.status_code == 400 and not _excluded(db)
    assert _error(page).startswith("3\u00a0personnes ressources correspondent à «\u00a0marie\u00a0»\u00a0: choisissez-la")
    assert sorted(_offered(page)) == sorted(str(p.id) for p in (scene.finance, scene.food, named))
    assert f"Marie Lefèvre — Normandie (n°\u00a0{named.id})</label>" in page
    assert 'value="marie"' in page and 'value="coordination"' in page  # both fields keep what was typed
    response, _ = _exclude(client, csrf, "marie", **{"resource_person_id-choix": str(named.id)})
    assert response.status_code == 302 and _excluded(db) == {(scene.finance_need.id, named.id)}


def test_a_pick_stays_ticked_when_the_need_is_wrong(client, login, csrf, db, scene, named):
    login(scene.organiser)
    response, page = _exclude(client, csrf, "marie", need_id="conserverie",
                              **{"resource_person_id-choix": str(named.id)})
    assert response.status_code == 400 and 'id="resource_person_id-erreur"' not in page
    assert re.search(rf'name="resource_person_id-choix" id="[^"]+" value="{named.id}" checked>', page)


@pytest.mark.parametrize(("typed", "said"), [
    ("zoé", "Aucune personne ressource active ne correspond à «\u00a0zoé\u00a0»\u00a0: saisissez son numéro"),
    ("999999", "Aucune personne ressource active ne porte le n°\u00a0999999."),
])
def test_nobody_named_says_so_in_french(client, login, csrf, db, scene, typed, said):
    login(scene.organiser)
    response, page = _exclude(client, csrf, typed)
    assert response.status_code == 400 and not _excluded(db) and _error(page).startswith(said)
    assert f'value="{typed}"' in page


def test_an_inactive_person_is_not_found(client, login, csrf, db, scene, named):
    named.user.is_active = False
    db.commit()
    login(scene.organiser)
    for typed in (str(named.id), "lefevre"):
        response, _ = _exclude(client, csrf, typed)
        assert response.status_code == 400
    assert not _excluded(db)


def test_those_offered_come_in_the_order_of_names_accents_ignored(client, login, csrf, scene, named, db):
    scene.finance.user.display_name, scene.food.user.display_name = "Fanny Martin", "Éloïse Martin"
    db.commit()
    login(scene.organiser)
    _, page = _exclude(client, csrf, "martin")
    assert _offered(page) == [str(scene.food.id), str(scene.finance.id)]
