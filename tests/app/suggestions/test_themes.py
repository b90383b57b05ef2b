"""Themes suggested from a text: the JSON endpoint, the need page, and the ranking of needs without themes."""

from __future__ import annotations

import html
import re

import pytest

from app.suggestions.themes import suggest_themes
from models import Need, Offer, Role, Theme
from tests.app.texts import FINANCE_OFFER, FOOD_OFFER

pytestmark = pytest.mark.web

STORY = ("Un hiver difficile", "Nos comptes sont dans le rouge depuis deux exercices et la trésorerie ne tiendra "
         "pas trois mois ; les recettes ne couvrent plus les charges.")


@pytest.fixture
def scene(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title=STORY[0], text=STORY[1])
    db.add(need)
    finance, food = make_resource_person(), make_resource_person()
    db.add(Offer(resource_person=finance, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1],
                 themes=[db.get(Theme, "modele_economique")]))
    db.add(Offer(resource_person=food, title=FOOD_OFFER[0], text=FOOD_OFFER[1], themes=[db.get(Theme, "alimentation")]))
    db.commit()
    return {"pole": pole, "facilitator": facilitator, "need": need, "finance": finance}


def _token(client, csrf, pole) -> str:
    return csrf(f"/poles/{pole.id}/besoins/nouveau")


def test_endpoint_suggests_themes_with_their_trigger_words(client, login, csrf, scene):
    login(scene["facilitator"])
    token = _token(client, csrf, scene["pole"])
    response = client.post("/themes/suggestions", json={"title": STORY[0], "text": STORY[1]},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200
    themes = response.get_json()["themes"]
    assert 1 <= len(themes) <= 3
    assert themes[0]["code"] == "modele_economique" and themes[0]["label"].startswith("Modèle socio-économique")
    assert any("rouge" in trigger for trigger in themes[0]["triggers"])
    assert 0 < themes[0]["probability"] <= 1 and themes[0]["percent"] == min(99, max(1, round(themes[0]["probability"] * 100)))


def test_endpoint_quotes_the_words_the_person_typed_not_their_reading(client, login, csrf, scene):
    """« comcom » is read « communauté de communes » by the engine, but the person is shown « comcom »."""
    login(scene["facilitator"])
    token = _token(client, csrf, scene["pole"])
    typed = ("La comcom nous lâche", "la comcom ne renouvelle pas la convention avec nos assos et les élus "
             "de l'interco ne répondent plus")
    response = client.post("/themes/suggestions", json={"title": typed[0], "text": typed[1]},
                           headers={"X-CSRFToken": token})
    triggers = [t for theme in response.get_json()["themes"] for t in theme["triggers"]]
    assert any("comcom" in t for t in triggers), triggers
    assert all(t in f"{typed[0]} {typed[1]}" for t in triggers), triggers


def test_endpoint_leaves_out_themes_already_ticked(client, login, csrf, scene):
    login(scene["facilitator"])
    token = _token(client, csrf, scene["pole"])
    themes = client.post("/themes/suggestions", json={"title": STORY[0], "text": STORY[1],
                                                      "chosen": ["modele_economique"]},
                         headers={"X-CSRFToken": token}).get_json()["themes"]
    assert "modele_economique" not in [t["code"] for t in themes]


def test_endpoint_refuses_without_csrf_token_or_login(client, login, scene):
    assert client.post("/themes/suggestions", json={"text": STORY[1]}).status_code in (302, 400, 401)
    login(scene["facilitator"])
    assert client.post("/themes/suggestions", json={"text": STORY[1]}).status_code == 400


def test_endpoint_is_silent_on_short_texts_and_rejects_bad_payloads(client, login, csrf, scene):
    login(scene["facilitator"])
    token = _token(client, csrf, scene["pole"])
    assert client.post("/themes/suggestions", json={"text": "Bonjour"},
                       headers={"X-CSRFToken": token}).get_json() == {"themes": []}
    assert client.post("/themes/suggestions", json={"text": ["liste"]}, headers={"X-CSRFToken": token}).status_code == 400


def test_forms_carry_the_suggestion_hook(client, login, scene):
    login(scene["facilitator"])
    page = client.get(f"/poles/{scene['pole'].id}/besoins/nouveau").get_data(as_text=True)
    assert 'data-theme-suggestions="/themes/suggestions?pour=besoin"' in page and "js/theme_suggestions.js" in page


def test_need_page_proposes_themes_and_confirming_declares_them(client, login, db, scene):
    login(scene["facilitator"])
    need = scene["need"]
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Thèmes suggérés d'après votre texte" in page and 'value="modele_economique"' in page
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(f"/besoins/{need.id}/themes", data={"csrf_token": token, "themes": ["modele_economique"]})
    assert response.status_code == 302
    db.refresh(need)
    assert [t.code for t in need.themes] == ["modele_economique"]
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Thèmes suggérés d'après votre texte" not in page


def test_confirming_themes_is_for_the_pole_only(client, login, make_user, make_pole, csrf, scene):
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    token = csrf("/")
    response = client.post(f"/besoins/{scene['need'].id}/themes",
                           data={"csrf_token": token, "themes": ["modele_economique"]})
    assert response.status_code == 403


def test_need_without_themes_is_ranked_with_inferred_ones(client, login, scene):
    login(scene["facilitator"])
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    assert "Thèmes déduits du texte\u00a0: Modèle socio-économique et pérennisation" in page


def test_theme_model_learns_from_declared_themes(app, db, scene):
    """A word no situation uses becomes a clue once needs with that word declare a theme."""
    text = "Le velotaf de nos salariés et des habitants avance : ateliers velotaf chaque semaine."
    assert "mobilite" not in [s.code for s in suggest_themes("Velotaf", text)]
    for n in range(3):
        db.add(Need(pole=scene["pole"], author=scene["facilitator"], title=f"Velotaf {n}",
                    text=f"Nous développons le velotaf sur le territoire, étape {n}, avec les entreprises.",
                    themes=[db.get(Theme, "mobilite")]))
    db.commit()
    assert "mobilite" in [s.code for s in suggest_themes("Velotaf", text)]


def test_offer_is_read_for_a_theme_its_author_did_not_tick(client, login, db, scene):
    """The suggestion says which shared theme was read in the offer's text rather than declared."""
    need = Need(pole=scene["pole"], author=scene["facilitator"], title="Des bus qui ne passent plus",
                text="Nos salariés en insertion n'ont ni voiture ni bus pour rejoindre les chantiers du canton.",
                themes=[db.get(Theme, "mobilite")])
    db.add(need)
    db.add(Offer(resource_person=scene["finance"], title="Un garage solidaire et du covoiturage",
                 text="Nous avons monté un garage solidaire, du covoiturage et la location de scooters pour que "
                      "les personnes sans permis ni voiture puissent aller travailler.", themes=[]))
    db.commit()
    login(scene["facilitator"])
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Thème en commun, lu dans le texte de l&#39;offre\u00a0: Mobilités durables et solidaires" in page


def _offer_without_themes(db, scene) -> Offer:
    offer = Offer(resource_person=scene["finance"], title="Un garage solidaire et du covoiturage",
                  text="Nous avons monté un garage solidaire, du covoiturage et la location de scooters pour que "
                       "les personnes sans permis ni voiture puissent aller travailler.", themes=[])
    db.add(offer)
    db.commit()
    return offer


def test_offer_page_proposes_themes_to_its_author_and_confirming_declares_them(client, login, db, scene):
    offer = _offer_without_themes(db, scene)
    login(scene["finance"].user)
    page = client.get(f"/personnes-ressources/offres/{offer.id}").get_data(as_text=True)
    assert "Cette offre n&#39;a pas de thème" in page and 'value="mobilite"' in page
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(f"/personnes-ressources/offres/{offer.id}/themes",
                           data={"csrf_token": token, "themes": ["mobilite", "hors-vocabulaire"]})
    assert response.status_code == 302
    db.refresh(offer)
    assert [t.code for t in offer.themes] == ["mobilite"]
    page = client.get(f"/personnes-ressources/offres/{offer.id}").get_data(as_text=True)
    assert "Thèmes suggérés d'après votre texte" not in page and "Thème enregistré." in page
    again = client.post(f"/personnes-ressources/offres/{offer.id}/themes",
                        data={"csrf_token": token, "themes": ["insertion"]}, follow_redirects=True)
    assert "Cette offre a déjà des thèmes\u00a0: modifiez-les depuis son formulaire." in again.get_data(as_text=True)
    db.refresh(offer)
    assert [t.code for t in offer.themes] == ["mobilite"]


def test_offer_themes_are_proposed_to_and_confirmed_by_its_author_only(client, login, csrf, db, scene):
    offer = _offer_without_themes(db, scene)
    login(scene["facilitator"])
    assert "Thèmes suggérés" not in client.get(f"/personnes-ressources/offres/{offer.id}").get_data(as_text=True)
    token = csrf("/")
    response = client.post(f"/personnes-ressources/offres/{offer.id}/themes",
                           data={"csrf_token": token, "themes": ["mobilite"]})
    assert response.status_code == 403
    db.refresh(offer)
    assert offer.themes == []


def test_offer_themes_may_be_confirmed_by_an_organiser_never_anonymously(client, login, csrf, db, make_user, scene):
    offer = _offer_without_themes(db, scene)
    token = csrf("/compte/connexion")
    anonymous = client.post(f"/personnes-ressources/offres/{offer.id}/themes", data={"csrf_token": token, "themes": ["mobilite"]})
    assert anonymous.status_code == 302 and "/compte/connexion" in anonymous.headers["Location"]
    login(make_user(Role.ORGANISER))
    token = csrf("/")
    response = client.post(f"/personnes-ressources/offres/{offer.id}/themes", data={"csrf_token": token, "themes": ["mobilite"]})
    assert response.status_code == 302
    db.refresh(offer)
    assert [t.code for t in offer.themes] == ["mobilite"]


HOW_TO_READ = "<summary>Comment lire ces pourcentages\u00a0?</summary>"


def _percent_help(page: str) -> list[str]:
    """The text of each « Comment lire ces pourcentages ? » disclosure of ``page``."""
    parts = html.unescape(page).split('<details class="percent-help">')[1:]
    return [re.sub(r"[ \n]+", " ", part.split("</details>", 1)[0]) for part in parts]  # keeps the no-break spaces


def test_the_need_page_says_how_to_read_the_themes_percentages(client, login, scene):
    """Once for the proposed themes (ticking them replaces the estimate), once before the suggested people whose
    cards name themes guessed from the text, never on every card."""
    login(scene["facilitator"])
    page = client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True)
    assert "Thèmes déduits du texte\u00a0: " in page and "\u00a0%)" in page
    helps = _percent_help(page)
    assert len(helps) == 2 and all(HOW_TO_READ in help for help in helps)
    for help in helps:
        assert "la probabilité que le thème corresponde au texte" in help
        assert "un modèle qui apprend des thèmes que les pôles et les personnes ressources ont déclarés" in help
        assert "à 70\u00a0%, il voit juste environ sept fois sur dix" in help
    assert "les thèmes que vous cochez la remplacent" in helps[0]
    assert "une fois les thèmes du besoin confirmés par le pôle, ce sont eux qui comptent" in helps[1]
    suggestions = page[page.index('id="suggestions-titre"'):]
    assert suggestions.index(HOW_TO_READ) < suggestions.index('<li class="card">')  # read before the cards


def test_no_explanation_where_no_percentage_is_shown(client, login, db, scene):
    need = scene["need"]
    need.themes = [db.get(Theme, "modele_economique")]  # declared: nothing guessed, no percentage
    db.commit()
    login(scene["facilitator"])
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Thèmes déduits du texte" not in page and "Comment lire ces pourcentages" not in page


def test_a_transfer_page_explains_the_percentages_under_its_reasons(client, login, scene):
    from app.transfers import services as transfers

    pairing = transfers.request_transfer(need=scene["need"], person=scene["finance"], requester=scene["facilitator"])
    login(scene["facilitator"])
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    why = page[page.index('id="pourquoi-titre"'):page.index("</section>", page.index('id="pourquoi-titre"'))]
    assert "Thèmes déduits du texte" in why and HOW_TO_READ in why


def test_no_theme_ticked_is_said_beside_the_proposed_themes(client, login, db, scene):
    """« Cochez au moins un thème. » was said at the top of the need page, the focus there, far from the boxes to
    tick (walk of 6 December 2026): the page opens at the proposals' heading, where ``error_summary.js`` puts it."""
    login(scene["facilitator"])
    need = scene["need"]
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(f"/besoins/{need.id}/themes", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/besoins/{need.id}#themes-suggeres")
    page = client.get(f"/besoins/{need.id}").get_data(as_text=True)
    assert "Cochez au moins un thème." in page and 'id="themes-suggeres"' in page
    db.refresh(need)
    assert need.themes == []
    saved = client.post(f"/besoins/{need.id}/themes", data={"csrf_token": token, "themes": ["modele_economique"]})
    assert saved.headers["Location"].endswith(f"/besoins/{need.id}")  # saved: the proposals are gone


def test_a_proposed_theme_box_is_described_by_the_words_that_suggested_it(client, login, scene):
    """A screen reader tabbing through the proposed themes heard « Modèle socio-économique… (62 %), case à cocher »
    and never « d'après « rouge », « trésorerie » », read only further on (walk of the pair's space)."""
    login(scene["facilitator"])
    page = html.unescape(client.get(f"/besoins/{scene['need'].id}").get_data(as_text=True))
    box = re.search(r'<input type="checkbox" name="themes" value="modele_economique"[^>]*>', page).group(0)
    assert 'aria-describedby="theme-propose-modele_economique-aide"' in box
    words = re.search(r'<span class="hint" id="theme-propose-modele_economique-aide">([^<]*)</span>', page).group(1)
    assert words.startswith(" — d'après «")
