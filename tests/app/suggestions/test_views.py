"""Suggestions in the pages: mentors for a need, needs for a person, peer poles."""

from __future__ import annotations

import html
import re

import pytest

from app.fragments import CSRF_SLOT
from models import Need, Offer, Region, Role, Theme
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER, FOOD_OFFER

pytestmark = pytest.mark.web



@pytest.fixture
def scene(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title=FINANCE_NEED[0], text=FINANCE_NEED[1],
                themes=[db.get(Theme, "modele_economique")])
    db.add(need)
    finance = make_resource_person()
    food = make_resource_person()
    same_pole = make_resource_person(pole=pole)
    full = make_resource_person(capacity=0)
    for person, (title, text) in ((finance, FINANCE_OFFER), (food, FOOD_OFFER), (same_pole, FINANCE_OFFER),
                                  (full, FINANCE_OFFER)):
        db.add(Offer(resource_person=person, title=title, text=text))
    db.add(need)
    db.commit()
    return {"pole": pole, "facilitator": facilitator, "need": need, "finance": finance, "food": food,
            "same_pole": same_pole, "full": full}


def test_need_page_suggests_best_mentor_first_with_reasons(client, login, scene):
    login(scene["facilitator"])
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    assert "Personnes ressources suggérées" in page
    finance_name = scene["finance"].user.display_name
    food_name = scene["food"].user.display_name
    assert page.index(finance_name) < page.index(food_name)
    assert "Classée 1re sur" in page and "Passages qui se répondent" in page


def test_need_page_never_suggests_same_pole_or_full_capacity(client, login, scene):
    login(scene["facilitator"])
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    assert f"/personnes-ressources/{scene['same_pole'].id}\"" not in page
    assert f"/personnes-ressources/{scene['full'].id}\"" not in page


def test_need_suggestions_hidden_from_other_poles(client, login, make_user, make_pole, scene):
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    assert "Personnes ressources suggérées" not in page


def test_resource_person_sees_needs_they_could_help(client, login, scene):
    login(scene["finance"].user)
    page = client.get(f"/personnes-ressources/{scene['finance'].id}").get_data(as_text=True)
    assert "Besoins ouverts auxquels vous pourriez répondre" in page
    assert FINANCE_NEED[0] in page
    assert re.search(r'<span class="closeness">(très proche|proche|à examiner)</span>', page)
    assert 'class="score"' not in page


def test_resource_person_of_same_pole_not_offered_own_needs(client, login, scene):
    login(scene["same_pole"].user)
    page = client.get(f"/personnes-ressources/{scene['same_pole'].id}").get_data(as_text=True)
    assert FINANCE_NEED[0] not in page


def test_pole_page_suggests_peer_pole_with_strengths(client, login, db, make_pole, scene):
    make_pole("Pôle du Ségala", strengths="Nous avons diversifié le financement de la coordination "
                                           "grâce aux cotisations des membres et à une convention pluriannuelle.")
    login(scene["facilitator"])
    page = client.get(f"/poles/{scene['pole'].id}").get_data(as_text=True)
    assert "Pôles pairs aux forces complémentaires" in page and "Pôle du Ségala" in page


def test_short_texts_are_left_out_not_a_500(client, login, db, scene):
    db.add(Offer(resource_person=scene["food"], title="x", text="y"))
    short = Need(pole=scene["pole"], title="?", text="!")
    db.add(short)
    db.commit()
    login(scene["facilitator"])
    assert client.get(f"/besoins/{scene['need'].id}").status_code == 200
    assert client.get(f"/besoins/{short.id}").status_code == 200
    assert client.get(f"/poles/{scene['pole'].id}").status_code == 200


def test_peer_poles_come_from_strengths_only_and_speak_of_poles(client, login, make_pole, scene):
    make_pole("Pôle bavard", description="Nous diversifions le financement de la coordination avec les "
                                          "cotisations des membres et une convention pluriannuelle.")
    make_pole("Pôle du Ségala", strengths="Nous avons diversifié le financement de la coordination "
                                           "grâce aux cotisations des membres et à une convention pluriannuelle.")
    login(scene["facilitator"])
    page = client.get(f"/poles/{scene['pole'].id}").get_data(as_text=True)
    peers = page[page.index("Pôles pairs aux forces complémentaires"):]
    assert "Pôle du Ségala" in peers and "Pôle bavard" not in peers
    assert "transfert possible" not in peers and "ayant décrit ce qu" in peers


def test_cached_suggestions_follow_profile_and_offer_changes(client, login, db, scene):
    """Rankings and cards are kept per process: every change that matters must refresh them."""
    login(scene["facilitator"])
    url = f"/besoins/{scene['need'].id}"
    finance = scene["finance"]
    assert f"/personnes-ressources/{finance.id}\"" in client.get(url).get_data(as_text=True)

    finance.region = db.get(Region, "93")  # only the profile's region changes: the card must say so
    db.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Provence-Alpes-Côte d&#39;Azur" in page.split(finance.user.display_name, 2)[1].split("</li>", 1)[0]

    finance.offers[0].title = "Modèle économique et plan de financement, pas à pas"
    db.commit()
    assert "pas à pas" in client.get(url).get_data(as_text=True)

    finance.pole_id = scene["pole"].id  # now in the need's own pole: never suggested
    db.commit()
    assert f"/personnes-ressources/{finance.id}\"" not in client.get(url).get_data(as_text=True)


def test_cached_suggestions_carry_each_viewers_csrf_token(client, app, login, make_user, db, scene):
    """The need page is kept once for both facilitators; each reads their own token, and the request
    link (a GET: Back after sending the request finds its form again) opens the form to confirm."""
    url = f"/besoins/{scene['need'].id}"
    tokens = []
    for facilitator in (scene["facilitator"], make_user(Role.FACILITATOR, pole=scene["pole"])):
        login(facilitator)
        page = client.get(url).get_data(as_text=True)
        assert CSRF_SLOT not in page
        link = html.unescape(re.search(r'href="(/transferts/demander\?[^"]+)"', page).group(1))
        assert f"resource_person_id={scene['finance'].id}" in link
        response = client.get(link)
        assert response.status_code == 200 and 'name="confirm"' in response.get_data(as_text=True)
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))
        assert client.post("/compte/deconnexion", data={"csrf_token": tokens[-1]}).status_code == 302  # else 400
    assert tokens[0] != tokens[1]


def test_scores_read_as_a_human_scale_with_the_number_for_organisers_only(client, login, csrf, make_user, scene):
    login(scene["facilitator"])
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    cards = page.split('class="cards suggestion-list"')[1]
    assert re.search(r"Affinité\u00a0: <span class=\"closeness\">(très proche|proche|à examiner)</span>", cards)
    assert 'class="score"' not in cards and not re.search(r"\d\.\d\d", cards)
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/poles/")})
    login(make_user(Role.ORGANISER))
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    assert re.search(r'<span class="score" title="Score\u00a0: -?\d+,\d\d">(très proche|proche|à examiner)</span>', page)


def test_a_pole_without_open_needs_is_told_why_no_peer_is_proposed(client, login, db, scene):
    db.delete(scene["need"])
    db.commit()
    login(scene["facilitator"])
    page = client.get(f"/poles/{scene['pole'].id}").get_data(as_text=True)
    peers = page[page.index("Pôles pairs aux forces complémentaires"):]
    assert "ce pôle n'en a pas pour le moment" in peers
    assert "répondent aux besoins ouverts de ce pôle" not in peers


def test_reasons_every_card_shares_are_said_once_above_the_cards(client, login, db, scene):
    """A theme the pole confirmed, on every card, is left out of each (it tells none apart) but the page says it."""
    theme = db.get(Theme, "modele_economique")
    for person in (scene["finance"], scene["food"]):
        person.offers[0].themes = [theme]
    db.commit()
    login(scene["facilitator"])
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    head, cards = page.split('<ol class="cards suggestion-list">', 1)
    shared = head[head.index('class="shared-reasons"'):]
    assert "Pour toutes ces suggestions\xa0:" in shared and "<li>Thème en commun\xa0: Modèle socio-économique" in shared
    assert "Thème en commun" not in cards.split("</ol>", 1)[0]
