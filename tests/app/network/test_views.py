"""The map, statistics and regional views through the web: content and access."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest

from models import Maturity, NeedStatus, Role

pytestmark = pytest.mark.web
SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html: str, css_class: str = "carte") -> ET.Element:
    match = re.search(rf'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="{css_class}[ "].*?</svg>', html, re.S)
    assert match, "no SVG in page"
    return ET.fromstring(match.group(0))


def marker_labels(root: ET.Element) -> list[str]:
    return sorted(a.get("aria-label") for a in root.iter(f"{SVG}a"))


# --------------------------------------------------------------------- public map


def test_public_map_shows_only_consenting_poles(client, make_pole, place):
    place(make_pole("Pôle public", maturity=Maturity.CONSOLIDE), "29")
    place(make_pole("Pôle discret", public=False), "35")
    html = client.get("/carte").get_data(as_text=True)
    root = svg_of(html)
    assert marker_labels(root) == ["Pôle public — Consolidé, Finistère (29), Bretagne"]
    assert "Pôle discret" not in html
    assert root.find(f"{SVG}title").text == "Carte des pôles"
    assert root.find(f".//{SVG}line") is None  # no pairings on the public map


def test_public_map_markers_link_to_pole_and_list_follows(client, make_pole, place):
    pole = place(make_pole("Pôle lien", region_code="84", maturity=Maturity.EN_CREATION), "69")
    html = client.get("/carte").get_data(as_text=True)
    anchor = next(svg_of(html).iter(f"{SVG}a"))
    assert anchor.get("href") == f"/poles/{pole.id}"
    assert anchor[0].tag == f"{SVG}polygon"  # en création = triangle
    assert "carte-marqueur--en_creation" in anchor[0].get("class")
    assert f'<li><a href="/poles/{pole.id}">Pôle lien</a> — En création, Rhône (69), Auvergne-Rhône-Alpes' in html
    assert "En création (triangle)\u00a0: 1" in html


def test_public_map_pole_without_departement_at_region_centre(client, make_pole):
    make_pole("Pôle sans département", region_code="04")
    html = client.get("/carte").get_data(as_text=True)
    assert marker_labels(svg_of(html)) == ["Pôle sans département — Émergent, La Réunion (centre de la région)"]


def test_public_map_theme_filter(client, db, make_pole, place):
    from models import Theme

    culture = place(make_pole("Pôle culturel"), "29")
    culture.themes = [db.get(Theme, "culture")]
    db.commit()
    place(make_pole("Pôle agricole"), "29")
    html = client.get("/carte?theme=culture").get_data(as_text=True)
    assert [label.split(" — ")[0] for label in marker_labels(svg_of(html))] == ["Pôle culturel"]
    assert "1\u00a0pôle sur la carte." in html
    bad = client.get("/carte?theme=inconnu").get_data(as_text=True)
    assert "error-text" in bad and len(marker_labels(svg_of(bad))) == 2


def test_public_map_poles_at_same_place_do_not_overlap(client, make_pole, place):
    for n in range(6):
        place(make_pole(f"Pôle {n}"), "33")
    root = svg_of(client.get("/carte").get_data(as_text=True))
    positions = {(shape.get("x"), shape.get("y")) for shape in root.iter(f"{SVG}rect")
                 if "carte-marqueur" in (shape.get("class") or "")}
    assert len(positions) == 6


def test_public_map_escapes_hostile_pole_name(client, make_pole, place):
    place(make_pole('<script>alert(1)</script>" & co'), "29")
    html = client.get("/carte").get_data(as_text=True)
    assert "<script>alert" not in html
    assert marker_labels(svg_of(html))[0].startswith('<script>alert(1)</script>" & co')


# ------------------------------------------------------------------ access rules


@pytest.mark.parametrize("url", ["/organisation/carte", "/organisation/statistiques",
                                 "/organisation/region/53",
                                 "/organisation/statistiques/besoins-par-theme.csv"])
def test_organiser_pages_refuse_others(client, make_user, login, url):
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(make_user(Role.FACILITATOR))
    assert client.get(url).status_code == 403


def test_statistics_csv_cells_stay_as_written_in_a_spreadsheet(client, make_user, login, make_pole, make_need):
    """A spreadsheet turns « 2026-03 » into a date and « 01 » into 1: months are named, regions carry their code."""
    make_need(make_pole("Pôle guadeloupéen", region_code="01"))
    login(make_user(Role.ORGANISER))

    def rows(key: str) -> list[list[str]]:
        text = client.get(f"/organisation/statistiques/{key}.csv").get_data(as_text=True)
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))

    by_region = rows("besoins-par-region")
    assert by_region[0][:2] == ["Région", "Ouvert"]
    assert ["Guadeloupe (01)", "1", "0", "0", "1"] in by_region
    for key in ("appariements-par-statut", "visites-par-mois", "creneaux-juri-ptce"):
        months = [row[0] for row in rows(key)[1:]]
        assert months and all(re.fullmatch(r"[a-zéû]+ 20\d\d", month) for month in months), (key, months[:3])


def test_region_view_for_own_region_and_national_organisers(client, make_user, login):
    login(make_user(Role.ORGANISER, region_code="53"))
    assert client.get("/organisation/region/53").status_code == 200
    assert client.get("/organisation/region/84").status_code == 403
    assert client.get("/organisation/statistiques/besoins-par-theme.csv?region=84").status_code == 403
    assert client.get("/organisation/statistiques/besoins-par-theme.csv?region=53").status_code == 200
    assert client.get("/organisation/region/99").status_code == 404


@pytest.mark.parametrize("url", ["/organisation/region/84", "/organisation/statistiques/besoins-par-theme.csv?region=84"])
def test_another_region_is_refused_with_a_page_that_says_why(client, make_user, login, url):
    login(make_user(Role.ORGANISER, region_code="53"))
    page = client.get(url).get_data(as_text=True)
    assert "<h1>Hors de votre périmètre</h1>" in page
    assert "Auvergne-Rhône-Alpes est hors de votre périmètre : vous suivez la région Bretagne." in page


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.ADMIN])
def test_region_view_national_organiser_and_admin_see_every_region(client, make_user, login, role):
    login(make_user(role))
    assert client.get("/organisation/region/84").status_code == 200
    assert client.get("/organisation/region/01").status_code == 200


def test_statistics_lists_only_visible_regions(client, make_user, login):
    login(make_user(Role.ORGANISER, region_code="53"))
    html = client.get("/organisation/statistiques").get_data(as_text=True)
    assert 'href="/organisation/region/53"' in html
    assert 'href="/organisation/region/84"' not in html


# ------------------------------------------------------------------ organiser map


def test_organiser_map_shows_private_poles(client, make_user, login, make_pole, place):
    place(make_pole("Pôle discret", public=False), "35")
    login(make_user(Role.ORGANISER))
    html = client.get("/organisation/carte").get_data(as_text=True)
    assert marker_labels(svg_of(html)) == ["Pôle discret — Émergent, Ille-et-Vilaine (35), Bretagne"]
    assert "non public" in html


# ------------------------------------------------------------------ statistics


def test_statistics_page_charts_have_table_and_csv(client, make_user, login, make_pole, make_need):
    pole = make_pole("Pôle A")
    make_need(pole, themes=("culture",))
    login(make_user(Role.ORGANISER))
    html = client.get("/organisation/statistiques").get_data(as_text=True)
    charts = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="graphique .*?</svg>', html, re.S)
    assert len(charts) >= 3
    for chart in charts:
        root = ET.fromstring(chart)
        assert root.get("role") == "img" and root.find(f"{SVG}title").text
    # each chart drawn for a wide screen and for a phone (an empty one once), with one table of its numbers
    wide, narrow = (sum(f"graphique--{screen}\"" in chart for chart in charts) for screen in ("large", "etroit"))
    assert wide == narrow and html.count("<details class=\"graphique-donnees\">") == len(charts) - narrow
    assert 'href="/organisation/statistiques/besoins-par-theme.csv"' in html
    assert "Pas encore disponibles" not in html  # every chart of issue 8 exists now
    assert 'href="/organisation/statistiques/creneaux-juri-ptce.csv"' in html


def test_statistics_csv_numbers(client, make_user, login, make_pole, make_need, make_resource_person, make_offer):
    pole = make_pole("Pôle A", region_code="53")
    other = make_pole("Pôle B", region_code="84")
    make_need(pole, themes=("culture", "tourisme"))
    make_need(pole, themes=("culture",), status=NeedStatus.CLOSED)
    make_need(other, themes=("culture",), status=NeedStatus.IN_PROGRESS)
    make_need(other)
    make_offer(make_resource_person(region_code="84"), themes=("culture",))
    login(make_user(Role.ORGANISER))
    response = client.get("/organisation/statistiques/besoins-par-theme.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="besoins-par-theme.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and "\r\n" in text  # the site's one CSV convention (app/csv_export.py)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    # the statuses as the table by region and the need pages say them (it said « Ouverts » beside « Clos »)
    assert rows[0] == ["Thème", "Ouvert", "En cours", "Clos", "Total des besoins", "Offres actives"]
    by_theme = {row[0]: row[1:] for row in rows[1:]}  # by the theme's label (walk #24: never its code)
    assert by_theme["Culture, spectacle vivant et industries créatives"] == ["1", "1", "1", "3", "1"]
    assert by_theme["Tourisme durable"] == ["1", "0", "0", "1", "0"]
    assert rows[-1] == ["Sans thème déclaré", "1", "0", "0", "1", "0"]  # apart, after every theme
    assert not any(row[0] in ("culture", "tourisme") for row in rows)
    regional = client.get("/organisation/statistiques/besoins-par-theme.csv?region=53").get_data(as_text=True)
    regional_rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(regional.lstrip("\ufeff")), delimiter=";")}
    assert regional_rows["Culture, spectacle vivant et industries créatives"] == ["1", "0", "1", "2", "1"]
    assert "Sans thème déclaré" not in regional_rows
    assert client.get("/organisation/statistiques/inconnu.csv").status_code == 404
    assert client.get("/organisation/statistiques/besoins-par-region.csv?region=53").status_code == 404


def test_region_view_figures_say_zero_in_words_and_agree_with_the_number(client, make_user, login, make_pole,
                                                                          make_need, make_resource_person, place,
                                                                          make_pairing):
    from models import PairingStatus

    pole = place(make_pole("Pôle breton"), "29")
    make_need(pole, title="Besoin clos", status=NeedStatus.CLOSED)
    helper = make_resource_person(region_code="84")
    for title in ("Premier besoin ouvert", "Second besoin ouvert"):
        make_pairing(make_need(pole, title=title), helper, status=PairingStatus.ACCEPTED)
    login(make_user(Role.ORGANISER, region_code="53"))
    page = html.unescape(client.get("/organisation/region/53").get_data(as_text=True))
    assert "<strong>1</strong> pôle<" in page
    assert "<strong>2</strong> besoins ouverts<" in page
    assert "<strong>Aucun</strong> besoin en cours<" in page
    assert "<strong>1</strong> besoin clos<" in page
    assert "<strong>Aucune</strong> personne ressource (aucun transfert possible par an)<" in page
    assert "<strong>2</strong> acceptés<" in page  # an acceptance may be the pole's: « par la personne ressource » left out
    assert "<strong>0</strong>" not in page


@pytest.mark.parametrize(("label", "noun", "one", "several"), [
    ("Clos", "besoin", "besoin clos", "besoins clos"),
    ("Ouvert", "besoin", "besoin ouvert", "besoins ouverts"),
    ("En cours", "besoin", "besoin en cours", "besoins en cours"),
    ("Accepté par la personne ressource", "", "accepté par la personne ressource", "acceptés par la personne ressource"),
    ("Décliné", "", "décliné", "déclinés"),
])
def test_status_figure_words_agree(label, noun, one, several):
    from app.network.regional_view import status_figure

    figure = status_figure(3, label, noun)
    assert (figure.singular, figure.plural) == (one, several)


def test_region_view_lists_region_poles_and_needs(client, make_user, login, make_pole, make_need, place):
    mine = place(make_pole("Pôle breton", public=False), "29")
    elsewhere = place(make_pole("Pôle lyonnais", region_code="84"), "69")
    make_need(mine, title="Besoin breton urgent", urgency=3)
    make_need(mine, title="Besoin breton clos", status=NeedStatus.CLOSED)
    make_need(elsewhere, title="Besoin lyonnais")
    login(make_user(Role.ORGANISER, region_code="53"))
    html = client.get("/organisation/region/53").get_data(as_text=True)
    assert "Pôle breton" in html and "Pôle lyonnais" not in html
    assert "Besoin breton urgent" in html and "Besoin breton clos" not in html
    assert "Besoin lyonnais" not in html
    root = svg_of(html)
    assert [p.get("data-code") for p in root.iter(f"{SVG}path")
            if "carte-region--choisie" in p.get("class")] == ["53"]
