"""Tests for geo.distance."""

from __future__ import annotations

import pytest

from geo.distance import ROAD_FACTOR, Travel, approximate_travel_km, haversine_km

PARIS = (2.3522, 48.8566)
LYON = (4.8357, 45.7640)


def test_haversine_paris_lyon():
    assert haversine_km(*PARIS, *LYON) == pytest.approx(392, abs=10)


def test_haversine_symmetric_and_zero():
    assert haversine_km(*PARIS, *LYON) == pytest.approx(haversine_km(*LYON, *PARIS))
    assert haversine_km(*PARIS, *PARIS) == 0.0


def test_haversine_antipodes_half_circumference():
    assert haversine_km(0, 0, 180, 0) == pytest.approx(20015, abs=5)


def test_travel_mainland_is_road_with_factor():
    travel = approximate_travel_km("75", "69")
    assert travel.mode == "route"
    assert travel.km == pytest.approx(travel.straight_km * ROAD_FACTOR, abs=0.2)
    assert 350 < travel.straight_km < 420


@pytest.mark.parametrize(
    ("origin", "destination"),
    [("974", "75"), ("33", "971"), ("971", "972"), ("2A", "13")],
)
def test_travel_across_sea_is_flight(origin, destination):
    travel = approximate_travel_km(origin, destination)
    assert travel == Travel(km=travel.straight_km, mode="avion", straight_km=travel.straight_km)


def test_travel_reunion_paris_distance():
    assert approximate_travel_km("974", "75").km == pytest.approx(9380, rel=0.02)


def test_travel_within_corsica_and_same_departement_by_road():
    assert approximate_travel_km("2A", "2B").mode == "route"
    assert approximate_travel_km("974", "974") == Travel(0.0, "route", 0.0)


def test_travel_accepts_short_codes_and_rejects_unknown():
    assert approximate_travel_km("1", "01").km == 0.0
    with pytest.raises(KeyError, match="999"):
        approximate_travel_km("999", "75")
