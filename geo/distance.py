"""Distances between poles, from département centroids.

Good enough to say "about 450 km by road" or "a flight" on a visit proposal;
not a routing engine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from geo.data import CORSICA_DEPARTEMENTS, get_departement

__all__ = ["EARTH_RADIUS_KM", "ROAD_FACTOR", "Travel", "approximate_travel_km", "haversine_km"]

#: Mean Earth radius (IUGG), in km.
EARTH_RADIUS_KM = 6371.0088
#: Ratio road distance / great-circle distance commonly observed in France
#: (about 1.2 to 1.4 between préfectures); 1.3 is the usual rule of thumb.
ROAD_FACTOR = 1.3


@dataclass(frozen=True)
class Travel:
    """An approximate journey between two départements.

    ``km`` is the distance to show: road estimate for ``"route"``, great-circle
    distance for ``"avion"``. ``straight_km`` is always the great-circle one.
    """

    km: float
    mode: Literal["route", "avion"]
    straight_km: float


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km between two (longitude, latitude) points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _land_mass(code: str, outre_mer: bool) -> str:
    """Which piece of land a département is on, to tell road trips from flights."""
    if outre_mer:
        return code  # each overseas département is its own island or territory
    if code in CORSICA_DEPARTEMENTS:
        return "corse"
    return "continent"


def approximate_travel_km(
    from_dep_code: str, to_dep_code: str, *, data_dir: str | Path | None = None
) -> Travel:
    """Approximate travel between the centroids of two départements.

    On the same land mass (mainland continent, Corsica, or one overseas
    département) it is a road trip: great-circle distance × ``ROAD_FACTOR``.
    Otherwise (overseas ↔ mainland, between two overseas départements, or
    Corsica ↔ continent, where the ferry is the other option) it is a flight and
    the distance is the great-circle one. Raises KeyError for an unknown code.
    """
    origin = get_departement(from_dep_code, data_dir)
    destination = get_departement(to_dep_code, data_dir)
    straight = haversine_km(origin.longitude, origin.latitude,
                            destination.longitude, destination.latitude)
    same_land = (_land_mass(origin.code, origin.outre_mer)
                 == _land_mass(destination.code, destination.outre_mer))
    if same_land:
        return Travel(km=round(straight * ROAD_FACTOR, 1), mode="route",
                      straight_km=round(straight, 1))
    return Travel(km=round(straight, 1), mode="avion", straight_km=round(straight, 1))
