"""A resource person names her pole by typing words of its name (``app.poles.pole_lookup``): the list of every pole
she may name it replaced held two hundred and fifty and more options at national scale (a hundred in the demo), no
list one can use on a phone, by keyboard or with a screen reader."""

from __future__ import annotations

import html
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from models import ResourcePerson, Role
from tests.app.resources.test_views import _profile_data

pytestmark = pytest.mark.web
URL = "/personnes-ressources/mon-profil"


def _save(client, csrf, typed: str, **more):
    response = client.post(URL, data=_profile_data(csrf(URL), pole_id=typed, **more))
    return response, html.unescape(response.get_data(as_text=True))


def _offered(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="pole_id-choix" id="[^"]+" value="(\d+)"', page)


def _pole_of(db) -> int | None:
    return db.scalars(select(ResourcePerson)).one().pole_id


def test_the_profile_lists_no_pole(client, login, make_user, make_pole):
    make_pole("Écopôle")
    login(make_user(Role.RESOURCE_PERSON))
    page = client.get(URL).get_data(as_text=True)
    field = re.search(r'<input[^>]*id="pole_id"[^>]*>', page).group(0)
    assert 'type="search"' in field and 'autocomplete="off"' in field and "Écopôle" not in page


@pytest.mark.parametrize("typed", ["ecopole", "ÉCOPÔLE bretagne", "{id}"])
def test_her_pole_named_by_words_of_its_name_or_its_number(client, csrf, login, make_user, make_pole, db, typed):
    pole = make_pole("Écopôle")
    login(make_user(Role.RESOURCE_PERSON))
    response, page = _save(client, csrf, typed.format(id=pole.id))
    assert response.status_code == 302, re.findall(r'class="error-summary.*?</div>', page, re.S)
    assert _pole_of(db) == pole.id


def test_no_pole_typed_is_no_pole(client, csrf, login, make_user, db):
    login(make_user(Role.RESOURCE_PERSON))
    response, _ = _save(client, csrf, "")
    assert response.status_code == 302 and _pole_of(db) is None


def test_several_offered_in_name_order_to_pick_hers(client, csrf, login, make_user, make_pole, db):
    poles = [make_pole(name) for name in ("PTCE Sud", "Paris Mix", "CIS-DT52 Sud", "Cergy Sud", "Écopôle Sud")]
    login(make_user(Role.RESOURCE_PERSON))
    response, page = _save(client, csrf, "sud")
    assert response.status_code == 200 and 'value="sud"' in page
    assert re.search(r'id="pole_id-erreur">4\u00a0pôles correspondent à «\u00a0sud\u00a0»\u00a0: choisissez le vôtre', page)
    by_name = {p.name: str(p.id) for p in poles}
    assert _offered(page) == [by_name[n] for n in ("Cergy Sud", "CIS-DT52 Sud", "Écopôle Sud", "PTCE Sud")]
    response, _ = _save(client, csrf, "sud", **{"pole_id-choix": by_name["Écopôle Sud"]})
    assert response.status_code == 302 and _pole_of(db) == int(by_name["Écopôle Sud"])


def test_nothing_named_says_so_and_keeps_what_was_typed(client, csrf, login, make_user, db):
    login(make_user(Role.RESOURCE_PERSON))
    response, page = _save(client, csrf, "conserverie")
    assert response.status_code == 200 and 'value="conserverie"' in page
    assert re.search(r'id="pole_id-erreur">Aucun pôle ne correspond à «\u00a0conserverie\u00a0»', page)


def test_the_profile_shows_her_pole_by_name_and_saves_it_again(client, csrf, login, make_user, make_resource_person,
                                                              make_pole, db):
    pole = make_pole("Pôle des Coteaux")
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON), pole=pole)
    login(person.user)
    page = client.get(URL).get_data(as_text=True)
    assert f'value="{escape(pole.name)}"' in re.search(r'<input[^>]*id="pole_id"[^>]*>', page).group(0)
    response, _ = _save(client, csrf, pole.name, opened_on=re.search(r'name="opened_on"[^>]*value="([^"]*)"', page).group(1))
    assert response.status_code == 302 and _pole_of(db) == pole.id
