"""Pure geography helpers for Entrepairs: the SVG map of France and distances.

No web code here: functions take codes and coordinates and return plain data
(path strings, points, dataclasses) that templates and services use. Reference
files are read from the repository's ``data/`` folder unless a folder is given.
"""

from geo.data import DATA_DIR, Departement, load_departements
from geo.distance import Travel, approximate_travel_km, haversine_km
from geo.svgmap import (
    FranceMap, Inset, Link, Marker, RegionShape, departement_point, render_svg, spread,
)

__all__ = [
    "DATA_DIR",
    "Departement",
    "FranceMap",
    "Inset",
    "Link",
    "Marker",
    "RegionShape",
    "Travel",
    "approximate_travel_km",
    "departement_point",
    "haversine_km",
    "load_departements",
    "render_svg",
    "spread",
]
