"""« Exclure un binôme » names its need by number or by words of its title, found on the server: the list of every
transfer need it replaced was ~280 kB of the console at national scale (three thousand options) and no list one can
use by keyboard or screen reader at that length."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app.typed_lookup import LISTED
from models import ForbiddenPair, Need, NeedKind, NeedStatus, Role

pytestmark = pytest.mark.web
FORBID = "/organisation/tsf/interdire"


def _exclude(client, csrf, typed: str, person_id: int):
    response = client.post(FORBID, data={"csrf_token": csrf("/organisation/tsf/"), "need_id": typed,
                                         "resource_person_id": str(person_id), "reason": "Conflit"})
    return response, html.unescape(response.get_data(as_text=True))


def _excluded(db) -> set[tuple[int, int]]:
    return {tuple(row) for row in db.execute(select(ForbiddenPair.need_id, ForbiddenPair.resource_person_id))}


def _offered(page: str, field: str = "need_id") -> list[str]:
    """The numbers offered to pick under ``field`` (radio buttons), in their order."""
    return re.findall(rf'<input type="radio" name="{field}-choix" id="[^"]+" value="(\d+)"', page)


def _need(db, scene, title: str, **kwargs) -> Need:
    need = Need(pole=scene.pole, author=scene.facilitator, title=title, text="Un besoin de plus pour la console.",
                kind=NeedKind.TRANSFER, **kwargs)
    db.add(need)
    db.commit()
    return need


def test_the_console_lists_no_need_to_choose_from_however_many(client, login, db, scene):
    for n in range(30):
        _need(db, scene, f"Besoin numéro {n} à apparier")
    login(scene.organiser)
    page = client.get("/organisation/tsf/").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="need_id"[^>]*type="search"|<input[^>]*type="search"[^>]*id="need_id"', page)
    assert '<select id="need_id"' not in page and 'name="need_id"' in page
    # A search box: no « 300 caractères au plus » under it, as under a text one writes.
    assert "300\u00a0caractères au plus" not in page and "300 caractères au plus" not in page
    assert "<option" not in page  # neither needs nor people listed, whatever their number


@pytest.mark.parametrize("typed", ["{id}", "n° {id}", " #{id} "])
def test_a_need_named_by_its_number(client, login, csrf, db, scene, typed):
    login(scene.organiser)
    response, _ = _exclude(client, csrf, typed.format(id=scene.finance_need.id), scene.food.id)
    assert response.status_code == 302
    assert _excluded(db) == {(scene.finance_need.id, scene.food.id)}


def test_a_need_named_by_words_of_its_title_whatever_their_accents_and_case(client, login, csrf, db, scene):
    login(scene.organiser)
    response, _ = _exclude(client, csrf, "FINANCER coordination", scene.food.id)  # « Financer le poste de coordination »
    assert response.status_code == 302
    assert _excluded(db) == {(scene.finance_need.id, scene.food.id)}
    response, _ = _exclude(client, csrf, "cantines littoral", scene.food.id)  # a title's word and its pole's
    assert response.status_code == 302 and (scene.food_need.id, scene.food.id) in _excluded(db)


def test_several_needs_named_are_offered_to_pick_one(client, login, csrf, db, scene):
    other = _need(db, scene, "Financer un deuxième poste")
    login(scene.organiser)
    response, page = _exclude(client, csrf, "financer", scene.food.id)
    assert response.status_code == 400 and not _excluded(db)
    error = re.search(r'id="need_id-erreur">(.*?)</p>', page, re.S).group(1)
    assert "2\u00a0besoins correspondent à «\u00a0financer\u00a0»\u00a0: choisissez celui à exclure sous le champ" in error
    assert sorted(_offered(page)) == sorted([str(scene.finance_need.id), str(other.id)])
    assert "<legend" in page and "Besoins trouvés\u00a0: choisissez celui à exclure" in page
    assert f"«\u00a0Financer un deuxième poste\u00a0» ({scene.pole.name}) (n°\u00a0{other.id})</label>" in page
    assert 'value="financer"' in page  # what was typed stays in the field
    response = client.post(FORBID, data={"csrf_token": csrf("/organisation/tsf/"), "need_id": "financer",
                                         "need_id-choix": str(other.id), "resource_person_id": str(scene.food.id)})
    assert response.status_code == 302 and _excluded(db) == {(other.id, scene.food.id)}


def test_a_need_picked_that_the_words_no_longer_name_is_not_taken(client, login, csrf, db, scene):
    login(scene.organiser)
    response = client.post(FORBID, data={"csrf_token": csrf("/organisation/tsf/"), "need_id": "coordination",
                                         "need_id-choix": str(scene.food_need.id),
                                         "resource_person_id": str(scene.food.id)})
    assert response.status_code == 302 and _excluded(db) == {(scene.finance_need.id, scene.food.id)}


def test_many_needs_named_offer_only_a_few(client, login, csrf, db, scene):
    for n in range(LISTED + 3):
        _need(db, scene, f"Financer la piste {n}")
    login(scene.organiser)
    response, page = _exclude(client, csrf, "piste", scene.food.id)
    error = re.search(r'id="need_id-erreur">(.*?)</p>', page, re.S).group(1)
    assert response.status_code == 400 and len(_offered(page)) == LISTED
    assert f"parmi les {LISTED} premiers" in error and "3\u00a0autres correspondent aussi" in page


def test_a_title_typed_whole_is_that_need_even_if_longer_titles_hold_it(client, login, csrf, db, scene):
    _need(db, scene, "Financer le poste de coordination en 2027")
    login(scene.organiser)
    response, _ = _exclude(client, csrf, "financer le poste de coordination", scene.food.id)
    assert response.status_code == 302 and _excluded(db) == {(scene.finance_need.id, scene.food.id)}


@pytest.mark.parametrize("typed", ["conserverie", "999999", "99999999999999999999"])
def test_nothing_named_says_so_in_french(client, login, csrf, db, scene, typed):
    login(scene.organiser)
    response, page = _exclude(client, csrf, typed, scene.food.id)
    assert response.status_code == 400 and not _excluded(db)
    assert re.search(r'id="need_id-erreur">Aucun besoin de transfert non clos ne (correspond à|porte le n°)', page)


def test_a_closed_need_or_one_of_another_kind_is_not_found(client, login, csrf, db, scene):
    closed = _need(db, scene, "Une conserverie close", status=NeedStatus.CLOSED)
    visit = _need(db, scene, "Visiter une conserverie")
    visit.kind = NeedKind.VISIT
    db.commit()
    login(scene.organiser)
    for need in (closed, visit):
        response, page = _exclude(client, csrf, str(need.id), scene.food.id)
        assert response.status_code == 400 and "Aucun besoin de transfert non clos" in page
    assert not _excluded(db)


def test_a_regional_organiser_finds_only_the_needs_of_its_region(client, login, csrf, db, scene, make_user):
    cra = make_user(Role.ORGANISER, region_code=scene.pole.region_code)
    login(cra)
    for typed in (str(scene.food_need.id), "cantines"):  # the other region's need
        response, _ = _exclude(client, csrf, typed, scene.food.id)
        assert response.status_code == 400
    assert db.scalar(select(func.count()).select_from(ForbiddenPair)) == 0
    response, _ = _exclude(client, csrf, "coordination", scene.food.id)
    assert response.status_code == 302 and _excluded(db) == {(scene.finance_need.id, scene.food.id)}


def test_needs_named_by_their_title_come_before_those_named_by_their_pole(client, login, csrf, db, scene):
    by_title = Need(pole=scene.other_pole, author=scene.other_facilitator, title="Valoriser les coteaux",
                    text="Un besoin de plus.", kind=NeedKind.TRANSFER)
    db.add(by_title)
    db.commit()
    login(scene.organiser)
    response, page = _exclude(client, csrf, "coteaux", scene.food.id)  # « Pôle des Coteaux » has the finance need
    assert response.status_code == 400 and _offered(page) == [str(by_title.id), str(scene.finance_need.id)]


def test_the_console_leads_to_the_exclusion_form_from_its_top(client, login, scene):
    login(scene.organiser)
    page = client.get("/organisation/tsf/").get_data(as_text=True)
    assert page.index('href="#exclure-titre"') < page.index('id="demandes-titre"')



@pytest.mark.parametrize(("typed", "names_it"), [("100 %", True), ("Pass_r", False), ("bio%", False), ("\\bio", False),
                                                 ("%", None), ("_", None), ("\\", None)])
def test_sql_wildcards_typed_are_characters_of_the_title(client, login, csrf, db, scene, typed, names_it):
    """« % », « _ » and « \\ » name what holds them, never every need (the words are compared in Python, no LIKE); one
    alone is no word (``RealContent``)."""
    bio = _need(db, scene, "Passer à 100 % bio")
    login(scene.organiser)
    response, page = _exclude(client, csrf, typed, scene.food.id)
    if names_it:
        assert response.status_code == 302 and _excluded(db) == {(bio.id, scene.food.id)}
        return
    assert response.status_code == 400 and not _excluded(db)
    said = ("Aucun besoin de transfert non clos ne correspond à" if names_it is False
            else "Ce champ doit contenir des lettres ou des chiffres")
    assert f'id="need_id-erreur">{said}' in page
