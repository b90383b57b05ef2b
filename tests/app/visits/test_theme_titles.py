"""Suggested visit themes get readable titles from the theme vocabulary, editable before the visit is created."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.refdata import theme_labels
from app.visits import naming, themes
from models import Role

LABELS = {
    "tiers_lieux": "Tiers-lieux et lieux mutualisés",
    "financements_europeens": "Fonds européens (FEDER, FSE+, LEADER)",
    "agriculture": "Agriculture et installation agricole",
    "alimentation": "Alimentation durable, circuits courts, restauration collective",
    "mutualisation": "Mutualisation de moyens (locaux, matériel, fonctions support)",
    "culture": "Culture",
}


@pytest.mark.parametrize(("shared", "expected"), [
    (["financements_europeens"], "Fonds européens"),
    (["alimentation", "agriculture"], "Alimentation durable, circuits courts, restauration collective"),
    (["culture", "tiers_lieux"], "Culture"),  # « … et tiers-lieux et lieux mutualisés » would not read
])
def test_title_is_the_shared_theme_label(shared, expected):
    assert naming.theme_title(shared_themes=shared, label_terms=["x"], need_titles=["Un besoin"],
                              labels=LABELS) == expected


def test_two_short_shared_themes_are_joined():
    labels = {"a": "Énergie", "b": "Mobilité solidaire"}
    assert naming.theme_title(shared_themes=["a", "b"], label_terms=[], need_titles=[], labels=labels) == \
        "Énergie et mobilité solidaire"


def test_without_declared_themes_the_words_of_the_needs_point_to_one():
    title = naming.theme_title(shared_themes=[], label_terms=["mutualiser", "locaux", "comptable"],
                               need_titles=["Un bureau commun pour nos compagnies"], labels=LABELS)
    assert title == "Mutualisation de moyens"


def test_when_nothing_points_to_a_theme_the_central_need_names_it():
    title = naming.theme_title(shared_themes=[], label_terms=["réunions", "bénévoles", "membres", "organiser"],
                               need_titles=["Un collectif qui repose sur quelques bénévoles"], labels=LABELS)
    assert title == "Autour de « Un collectif qui repose sur quelques bénévoles »"
    assert "·" not in title


def test_two_themes_with_the_same_title_are_told_apart():
    assert naming.distinct_titles(["Culture", "Culture", "Énergie"], ["Un lieu", "Des artistes", "Le soleil"]) == \
        ["Culture — « Un lieu »", "Culture — « Des artistes »", "Énergie"]


def test_suggested_theme_title_is_readable_not_keywords(network):
    theme = themes.suggested_theme(1)
    assert "·" not in theme.title and theme.title[0].isupper()
    assert theme.keywords == " · ".join(theme.cluster.label_terms)
    assert theme.title in theme_labels().values() or theme.title.startswith(("Autour de", "Tiers-lieux"))


@pytest.mark.web
@pytest.mark.typed_mail_text  # the invitations' subject holds the title as the organiser typed it
def test_the_visit_form_proposes_the_title_and_the_organiser_can_change_it(client, login, csrf, db, network):
    from models import LearningVisit

    login(network.organiser)
    theme = themes.suggested_theme(1)
    page = html.unescape(client.get("/organisation/visites/nouvelle?theme=1").get_data(as_text=True))
    assert f'value="{theme.title}"' in page and "·" not in page.split('name="title"')[1].split(">")[0]
    assert f'name="label_terms" type="hidden" value="{theme.keywords}"' in page
    token = csrf("/organisation/visites/nouvelle?theme=1")
    response = client.post("/organisation/visites/nouvelle", data={
        "csrf_token": token, "title": "Ouvrir un tiers-lieu sur une friche : trois pôles y sont passés",
        "theme_text": theme.theme_text, "label_terms": theme.keywords, "host": str(network.host.id),
        "start_date": (date.today() + timedelta(days=40)).isoformat(), "capacity": "5",
        "invited": [str(p.id) for p in network.poles]})
    assert response.status_code == 302, [line for line in response.get_data(as_text=True).splitlines() if "flash" in line]
    visit = db.scalars(select(LearningVisit)).one()
    assert visit.title == "Ouvrir un tiers-lieu sur une friche : trois pôles y sont passés"
    assert visit.label_terms == theme.keywords


def test_organiser_page_titles_themes_in_words(client, login, network, make_user):
    login(make_user(Role.ORGANISER))
    page = html.unescape(client.get("/organisation/visites").get_data(as_text=True))
    theme = themes.suggested_theme(1)
    assert f"Thème 1\u00a0: {theme.title}</a>" in page and "Mots-clés des besoins" in page


@pytest.mark.web
def test_declining_or_withdrawing_from_a_visit_is_destructive_and_asks_first(client, login, csrf, network, make_visit):
    from tests.app.html_parts import button

    visit = make_visit(capacity=3)
    login(network.facilitators[0])
    page = client.get(f"/visites/{visit.id}").get_data(as_text=True)
    assert button(page, "Inscrire mon pôle").classes == {"button"}
    decline = button(page, "Décliner l'invitation")
    assert decline.classes == {"button", "button-danger"} and decline.attrs["data-confirm"].endswith("?")
    client.post(f"/visites/{visit.id}/inscription", data={"csrf_token": csrf(f"/visites/{visit.id}")})
    withdraw = button(client.get(f"/visites/{visit.id}").get_data(as_text=True), "Se désister")
    # Nobody waits: the question says the pole may come back (walk 19), not that its place goes to a waiting pole.
    assert "button-danger" in withdraw.classes and "se réinscrire" in html.unescape(withdraw.attrs["data-confirm"])


def test_what_the_theme_model_reads_in_the_needs_names_them_before_the_words_of_their_titles():
    labels = {**LABELS, "structuration_juridique": "Structuration juridique du pôle (association, GIE, groupement)",
              "animation_cooperation": "Animation de la coopération et du collectif"}
    words = dict(label_terms=["épuisent", "bénévoles"], need_titles=["Quelle structuration juridique du pôle ?"],
                 labels=labels)
    assert naming.theme_title(shared_themes=[], **words) == "Structuration juridique du pôle"
    assert naming.theme_title(shared_themes=[], read_themes=["animation_cooperation"], **words) == \
        "Animation de la coopération et du collectif"
    assert naming.theme_title(shared_themes=["culture"], read_themes=["animation_cooperation"], **words) == "Culture"


def test_likely_themes_are_those_the_needs_point_to_on_average_most_likely_first():
    rows = [[0.9, 0.1, 0.5], [0.7, 0.0, 0.4], [0.8, 0.2, 0.0]]
    assert naming.likely_themes(rows, ["a", "b", "c"]) == ["a"]
    assert naming.likely_themes(rows, ["a", "b", "c"], threshold=0.25) == ["a", "c"]
    assert naming.likely_themes([], ["a"]) == []
