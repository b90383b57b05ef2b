"""Pairings on the organiser map and in the statistics (links, status over time, delay, load)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest

from app.network import stats
from models import PairingStatus, Role

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def network(make_pole, place, make_need, make_resource_person):
    helped = place(make_pole("Pôle aidé", region_code="53"), "29")
    mentor_pole = place(make_pole("Pôle mentor", region_code="84"), "69")
    need = make_need(helped, themes=("culture",), created_at=datetime(2026, 1, 1))
    other_need = make_need(helped, themes=("numerique",), created_at=datetime(2026, 1, 10))
    mentor = make_resource_person(region_code="84", pole=mentor_pole, capacity=2)
    loner = make_resource_person(region_code="53", capacity=1)
    return helped, mentor_pole, need, other_need, mentor, loner


def lines(html: str) -> list[ET.Element]:
    match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="carte".*?</svg>', html, re.S)
    return list(ET.fromstring(match.group(0)).iter(f"{SVG}line"))


def test_organiser_map_draws_pairings_between_poles(client, make_user, login, network, make_pairing):
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(need, mentor, status=PairingStatus.PLANNED)
    make_pairing(other_need, mentor, status=PairingStatus.IN_PROGRESS)
    make_pairing(other_need, loner, status=PairingStatus.COMPLETED)
    make_pairing(need, loner, status=PairingStatus.SUGGESTED)
    login(make_user(Role.ORGANISER))
    drawn = lines(client.get("/organisation/carte").get_data(as_text=True))
    assert [line.find(f"{SVG}title").text for line in drawn] == [
        "Pôle aidé aidé par une personne ressource du Pôle mentor\u00a0: 2\u00a0appariements"]
    assert drawn[0].get("class") == "carte-lien carte-lien--moyen"
    every = lines(client.get("/organisation/carte?liens=tous").get_data(as_text=True))
    assert len(every) == 2  # the completed one too, from the loner's region centre
    themed = lines(client.get("/organisation/carte?theme=culture").get_data(as_text=True))
    assert [line.find(f"{SVG}title").text.endswith(": 1\u00a0appariement") for line in themed] == [True]
    assert lines(client.get("/carte").get_data(as_text=True)) == []


def test_regional_view_lists_pairings(client, make_user, login, network, make_pairing):
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(need, mentor, status=PairingStatus.ACCEPTED)
    login(make_user(Role.ORGANISER, region_code="53"))
    html = client.get("/organisation/region/53").get_data(as_text=True)
    assert "Accepté par la personne ressource" in html
    assert len(lines(html)) == 1


def test_pairings_by_status_groups_months(db, network, make_pairing):
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(need, mentor, status=PairingStatus.PLANNED, created_at=datetime(2026, 2, 3))
    make_pairing(other_need, mentor, status=PairingStatus.REQUESTED, created_at=datetime(2026, 2, 20))
    make_pairing(other_need, loner, status=PairingStatus.DECLINED, created_at=datetime(2026, 3, 1))
    make_pairing(need, loner, status=PairingStatus.SUGGESTED, created_at=datetime(2026, 3, 2))
    chart = stats.pairings_by_status(today=date(2026, 3, 15))
    assert chart.categories[-2:] == ("2026-02", "2026-03")
    by_name = {s.name: s.values[-2:] for s in chart.series}
    assert by_name == {"En attente de décision": (1, 0), "Engagés": (1, 0), "Terminés": (0, 0),
                       "Sans suite": (0, 1)}
    last = chart.table_rows()[-1]
    assert last[0] == "mars 2026" and last[-1] == 2  # the suggestion is in the table total
    assert stats.pairings_by_status(region_code="84", today=date(2026, 3, 15)).is_empty


def test_pairings_are_counted_in_the_month_of_paris(db, network, make_pairing):
    # Before: months cut at midnight UTC, so 23 h 30 UTC on 31 January (1 February in Paris) counted in January,
    # and the first day of the window in Paris fell outside it.
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(need, mentor, created_at=datetime(2026, 1, 31, 23, 30))  # 0 h 30 on 1 February in Paris
    make_pairing(other_need, mentor, created_at=datetime(2026, 1, 31, 22, 30))  # 23 h 30 on 31 January in Paris
    make_pairing(other_need, loner, created_at=datetime(2024, 3, 31, 22, 30))  # 0 h 30 on 1 April (summer time)
    make_pairing(need, loner, created_at=datetime(2024, 3, 31, 21, 30))  # 23 h 30 on 31 March: before the window
    chart = stats.pairings_by_status(today=date(2026, 3, 15))
    totals = {row[0]: row[-1] for row in chart.table_rows()}
    assert chart.categories[0] == "2024-04"
    assert (totals["avril 2024"], totals["janvier 2026"], totals["février 2026"]) == (1, 1, 1)
    assert sum(totals.values()) == 3


def test_time_to_first_session_buckets(db, network, make_pairing):
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(need, mentor, first_day=datetime(2026, 1, 21))  # 20 days after the need
    make_pairing(need, loner, first_day=datetime(2026, 3, 1))  # later day of the same need
    make_pairing(other_need, mentor, first_day=datetime(2026, 4, 20))  # 100 days
    chart = stats.time_to_first_session()
    assert dict(zip(chart.categories, chart.series[0].values)) == {
        "Moins de 30 jours": 1, "30 à 59 jours": 0, "60 à 89 jours": 0, "90 à 179 jours": 1,
        "180 jours ou plus": 0}
    assert "2\u00a0besoins ont eu" in chart.summary and "en moyenne 60\u00a0jours" in chart.summary


def test_resource_load_and_capacity(db, network, make_pairing):
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(need, mentor, status=PairingStatus.PLANNED)
    make_pairing(other_need, mentor, status=PairingStatus.COMPLETED, completed_at=datetime(2026, 2, 1))
    make_pairing(other_need, loner, status=PairingStatus.COMPLETED, completed_at=datetime(2025, 6, 1))
    make_pairing(need, loner, status=PairingStatus.DECLINED)
    load = stats.resource_load(today=date(2026, 3, 1))
    assert dict(zip(load.categories, load.series[0].values)) == {
        "Aucun transfert": 1, "Sous sa capacité": 0, "À sa capacité": 1, "Au-delà de sa capacité": 0}
    capacity = stats.resource_capacity_by_region(today=date(2026, 3, 1))
    assert {row[0]: row[1:] for row in capacity.table_rows()} == {"Auvergne-Rhône-Alpes (84)": (1, 2, 2),
                                                                   "Bretagne (53)": (1, 1, 0)}


def test_a_transfer_completed_on_new_years_night_in_paris_loads_the_new_year(db, network, make_pairing):
    """0 h 30 on 1 January in Paris is 23 h 30 UTC on 31 December: the capacity charts count it in the new year, as
    the capacity itself does (``scheduling.wall_clock.year_bounds``)."""
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(other_need, loner, status=PairingStatus.COMPLETED, completed_at=datetime(2026, 12, 31, 23, 30))
    new_year = stats.resource_capacity_by_region(today=date(2027, 1, 15))
    old_year = stats.resource_capacity_by_region(today=date(2026, 12, 15))
    assert new_year.table_rows() != old_year.table_rows()
    assert sum(row[3] for row in new_year.table_rows()) == 1
    assert sum(row[3] for row in old_year.table_rows()) == 0



@pytest.mark.parametrize(("region", "drawn"), [("53", ["Pôle aidé"]), ("84", ["Pôle aidé"]), ("75", ["Pôle des Landes"]),
                                               (None, ["Pôle aidé", "Pôle des Landes"])])
def test_a_cra_map_draws_its_regions_pairings_only(client, make_user, login, network, make_pole, place, make_need,
                                                   make_resource_person, make_pairing, region, drawn):
    """« Le détail nominatif des appariements d'une région seulement pour la sienne » (README), on the map too: a
    pairing is its helped pole's region's and its resource person's region's; the national organisers see all."""
    helped, mentor_pole, need, other_need, mentor, loner = network
    make_pairing(need, mentor, status=PairingStatus.IN_PROGRESS)  # Bretagne helped by Auvergne-Rhône-Alpes
    elsewhere = place(make_pole("Pôle des Landes", region_code="75"), "40")  # Nouvelle-Aquitaine
    far_mentor = make_resource_person(region_code="93", capacity=2)  # Provence-Alpes-Côte d'Azur
    make_pairing(make_need(elsewhere, themes=("culture",)), far_mentor, status=PairingStatus.IN_PROGRESS)
    login(make_user(Role.ORGANISER, region_code=region))
    html = client.get("/organisation/carte").get_data(as_text=True)
    assert len(lines(html)) == len(drawn)
    assert sorted(re.findall(r"(Pôle [^<>]*?) aidé par une personne ressource", html)) == drawn
    assert ("appariements de transfert de savoir-faire qui la touchent" in html) is (region is not None)  # the lead
