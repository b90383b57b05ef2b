"""The map's markers on a phone: drawn in user units, a 600-unit map about 317 px wide on a 375 px screen made them
3 to 4 px across, a triangle (« en création ») not told from a square; the stylesheet enlarges them there."""

from __future__ import annotations

import re
from pathlib import Path

from app.network.network_map import MARKER_RADIUS
from geo.svgmap import default_map

CSS = Path(__file__).resolve().parents[3] / "static" / "css" / "site.css"
PHONE_MAP_PX = 317  # measured in Chromium: the national map's width on a 375 px screen


def _phone_rules() -> str:
    css = CSS.read_text(encoding="utf-8")
    blocks = re.findall(r"@media \(max-width: 47\.99rem\) \{(.*?)\n\}", css, re.S)
    return "\n".join(blocks)


def test_markers_are_drawn_at_least_6_px_across_on_a_phone():
    rule = re.search(r"svg\.carte \.carte-marqueur \{([^}]*)\}", _phone_rules())
    assert rule, "no phone rule for the map's markers"
    assert "transform-box: fill-box" in rule.group(1) and "transform-origin: center" in rule.group(1)  # in place
    scale = float(re.search(r"scale: ([\d.]+)", rule.group(1)).group(1))
    width = float(default_map().viewbox.split()[2])
    across = 2 * MARKER_RADIUS * scale * PHONE_MAP_PX / width
    assert across >= 6, f"{across:.1f} px across"
