"""Tests for the map framed on one region (geo.framing and FranceMap.render_svg(frame=...))."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from geo import framing
from geo.svgmap import FranceMap, Link, Marker

SVG = "{http://www.w3.org/2000/svg}"
MAINLAND = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94")
OVERSEAS = ("01", "02", "03", "04", "06")


@pytest.fixture(scope="module")
def france() -> FranceMap:
    return FranceMap()


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    return x, y, w, h


def framed(france: FranceMap, code: str, markers=(), links=(), **kwargs) -> ET.Element:
    return ET.fromstring(france.render_svg(markers, links, title="Carte", frame=code, **kwargs))


@pytest.mark.parametrize("code", MAINLAND + OVERSEAS)
def test_viewbox_is_the_region_with_a_margin(france, code):
    x0, y0, x1, y1 = france.region_box(code)
    x, y, w, h = view_box(framed(france, code))
    assert x < x0 and y < y0 and x + w > x1 and y + h > y1  # the whole region shows
    margin = framing.MARGIN * max(x1 - x0, y1 - y0)
    widened = max(w - (x1 - x0), h - (y1 - y0))  # the aspect ratio may add more on one side
    assert min(x0 - x, y0 - y, x + w - x1, y + h - y1) >= margin - 0.2
    assert w <= (x1 - x0) + 2 * margin + widened + 0.2
    assert framing.MIN_ASPECT - 0.01 <= h / w <= framing.MAX_ASPECT + 0.01
    assert w < 0.5 * france._layout.width  # really a close-up, not the whole country


def test_marker_radius_and_strokes_keep_their_size_on_screen(france):
    marker = Marker(*france.departement_point("69"), "Pôle lyonnais", href="/poles/1")
    national = ET.fromstring(france.render_svg([marker], title="t", marker_radius=3.2))
    root = framed(france, "84", [marker], [Link((100, 100), marker_xy(marker))], marker_radius=3.2)
    zoom = 600 / view_box(root)[2]
    assert zoom > 2
    r_national = float(national.find(f".//{SVG}circle").get("r"))
    r_framed = float(root.find(f".//{SVG}circle").get("r"))
    assert r_national == 3.2
    assert r_framed == pytest.approx(3.2 / zoom, abs=0.06)
    for tag in ("circle", "line", "path"):
        assert all(e.get("vector-effect") == "non-scaling-stroke" for e in root.iter(f"{SVG}{tag}")), tag
    assert national.find(f".//{SVG}circle").get("vector-effect") is None


def marker_xy(marker: Marker) -> tuple[float, float]:
    return marker.x, marker.y


def test_mainland_region_drawn_among_its_neighbours_without_insets(france):
    root = framed(france, "84", highlight=["84"])
    assert root.find(f".//{SVG}g[@class='carte-encarts']") is None
    assert root.find(f".//{SVG}text") is None
    codes = [p.get("data-code") for p in root.iter(f"{SVG}path")]
    assert sorted(codes) == sorted(MAINLAND)  # the neighbours give context, no overseas region
    chosen = [p.get("data-code") for p in root.iter(f"{SVG}path") if "choisie" in p.get("class")]
    assert chosen == ["84"]
    assert root.get("data-cadre") == "84"
    assert "Auvergne-Rhône-Alpes et de ses voisines" in root.find(f"{SVG}desc").text


def test_la_reunion_is_framed_in_its_inset(france):
    inset = next(i for i in france.insets() if i.code == "04")
    root = framed(france, "04")
    x, y, w, h = view_box(root)
    centre = (x + w / 2, y + h / 2)
    assert inset.x <= centre[0] <= inset.x + inset.width and inset.y <= centre[1] <= inset.y + inset.height
    assert w <= inset.width + 10 and h <= inset.height + 10
    assert [p.get("data-code") for p in root.iter(f"{SVG}path")] == ["04"]
    assert root.find(f".//{SVG}g[@class='carte-encarts']") is None


def test_frame_keeps_every_marker_in(france):
    x0, y0, x1, y1 = france.region_box("84")
    outside = Marker(x1 + 30, y0 - 20, "Pôle au bord")
    vx, vy, vw, vh = view_box(framed(france, "84", [outside]))
    assert vx <= outside.x <= vx + vw and vy <= outside.y <= vy + vh


def test_accessibility_is_kept_when_framed(france):
    root = framed(france, "76", [Marker(300, 420, "Pôle A", href="/poles/3")])
    assert root.get("role") == "group"
    assert root.get("aria-labelledby") == "carte-titre carte-desc"
    link = root.find(f".//{SVG}a")
    assert link.get("aria-label") == "Pôle A" and link.get("href") == "/poles/3"


def test_national_map_unchanged_without_frame(france):
    root = ET.fromstring(france.render_svg(title="t"))
    assert root.get("viewBox") == france.viewbox
    assert root.get("data-cadre") is None
    assert root.find(f".//{SVG}g[@class='carte-encarts']") is not None


def test_frame_bounds_the_aspect_ratio():
    wide = framing.frame((0, 0, 200, 10), base_width=600)
    tall = framing.frame((0, 0, 10, 200), base_width=600)
    assert wide.height / wide.width == pytest.approx(framing.MIN_ASPECT, abs=0.01)
    assert tall.height / tall.width == pytest.approx(framing.MAX_ASPECT, abs=0.01)
    assert wide.zoom == pytest.approx(600 / wide.width)
    assert wide.contains((100, 5)) and tall.contains((5, 100))


def test_unknown_region_code_is_refused(france):
    with pytest.raises(KeyError):
        france.render_svg(title="t", frame="99")
