"""Map data and access rules of the network views.

Who sees what (decided for issue 8):

- everyone: ``/carte``, the poles that agreed to appear publicly and that an organiser confirmed (``Pole.listed``),
  without pairings;
- organisers (national or regional) and admins: ``/organisation/carte`` with every pole and
  the transfer pairings, and ``/organisation/statistiques`` with national aggregates. A
  regional (CRA) organiser already sees every pole in the directory; the national map and
  counts add nothing more personal than that, and let a CRA compare its region with the rest;
- the regional view ``/organisation/region/<code>`` lists the needs and pairings of one region
  by name: only national organisers (empty ``region_code``), admins and the organisers of that
  region may open it (403 for a CRA of another region).

Each concern lives in its own module: ``regions`` (names, who may open a regional view),
``network_map`` (map poles, pairing links, legend, pole list, status groups of the statistics),
``regional_view``; this module re-exports them.
"""

from __future__ import annotations

from app.network.network_map import (
    DEFAULT_LINK_SCOPE, LINK_SCOPES, MARKER_RADIUS, MATURITY_SHAPES, SPREAD_STEP, STATUS_GROUPS, LegendEntry,
    MapLink, MapPole, NetworkMap, legend_for, map_poles, network_map, pairing_links, pole_list_html, render_map,
    theme_label,
)
from app.network.regional_view import (
    REGION_NEEDS_LISTED, REGION_PAIRINGS_LISTED, RegionalView, RegionNeedRow, RegionPairingRow, RegionPoleRow,
    regional_view,
)
from app.network.regions import can_see_region, departement_names, region_names

__all__ = [
    "DEFAULT_LINK_SCOPE", "LINK_SCOPES", "MARKER_RADIUS", "MATURITY_SHAPES", "REGION_NEEDS_LISTED",
    "REGION_PAIRINGS_LISTED", "SPREAD_STEP", "STATUS_GROUPS", "LegendEntry", "MapLink", "MapPole", "NetworkMap",
    "RegionNeedRow", "RegionPairingRow", "RegionPoleRow", "RegionalView", "can_see_region", "departement_names",
    "legend_for", "map_poles", "network_map", "pairing_links", "pole_list_html", "region_names", "regional_view",
    "render_map", "theme_label",
]
