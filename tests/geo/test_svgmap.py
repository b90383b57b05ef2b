"""Tests for geo.svgmap (the self-drawn SVG map of France)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from geo.data import DATA_DIR, load_departements
from geo.svgmap import FranceMap, Link, Marker, default_map, departement_point, render_svg

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def france() -> FranceMap:
    return FranceMap()


def viewbox(france: FranceMap) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in france.viewbox.split())
    return x, y, w, h


def inside(point, box) -> bool:
    x, y = point
    bx, by, bw, bh = box
    return bx <= x <= bx + bw and by <= y <= by + bh


def test_region_paths_every_region_has_a_path(france):
    shapes = france.region_paths()
    assert len(shapes) == 18
    assert sum(s.outre_mer for s in shapes) == 5
    for shape in shapes:
        assert shape.d.startswith("M") and shape.d.endswith("z"), shape.nom
        assert len(shape.d) > 50


def test_region_paths_rounded_to_one_decimal(france):
    for shape in france.region_paths():
        for number in NUMBER.findall(shape.d):
            assert len(number.partition(".")[2]) <= 1


def test_region_paths_cached(france):
    assert france.region_paths()[0] is france.region_paths()[0]


def test_init_reads_nothing(tmp_path):
    lazy = FranceMap(tmp_path / "missing")  # no error until the map is used
    assert vars(lazy) == {"data_dir": tmp_path / "missing", "width": 600.0, "margin": 10.0}
    with pytest.raises(FileNotFoundError):
        lazy.region_paths()


def test_data_dir_parameter(tmp_path):
    for name in ("regions.geojson", "departements.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    other = FranceMap(tmp_path, width=300)
    assert other.viewbox.startswith("0 0 300 ")
    assert other.departement_point("974") != FranceMap().departement_point("974")


@pytest.mark.parametrize(
    "code", [c for c, d in load_departements().items() if not d.outre_mer]
)
def test_departement_point_mainland_inside_viewbox_above_insets(france, code):
    x, y = france.departement_point(code)
    top_of_insets = min(inset.y for inset in france.insets())
    assert inside((x, y), viewbox(france))
    assert y < top_of_insets


def test_mainland_outline_inside_viewbox(france):
    box = viewbox(france)
    features = json.loads((DATA_DIR / "regions.geojson").read_text(encoding="utf-8"))["features"]
    for feature in features:
        region = feature["properties"]["code"]
        for polygon in feature["geometry"]["coordinates"]:
            for lon, lat in polygon[0]:
                assert inside(france.project(lon, lat, region), box)


@pytest.mark.parametrize(
    ("departement", "region"),
    [("971", "01"), ("972", "02"), ("973", "03"), ("974", "04"), ("976", "06")],
)
def test_departement_point_overseas_inside_its_inset(france, departement, region):
    inset = next(i for i in france.insets() if i.code == region)
    box = (inset.x, inset.y, inset.width, inset.height)
    assert inside(france.departement_point(departement), box)
    others = [i for i in france.insets() if i.code != region]
    assert not any(inside(france.departement_point(departement), (i.x, i.y, i.width, i.height))
                   for i in others)


def test_project_guesses_overseas_region_without_code(france):
    saint_denis = (55.45, -20.88)
    assert france.project(*saint_denis) == france.project(*saint_denis, region_code="04")
    paris = (2.35, 48.86)
    assert france.project(*paris) == france.project(*paris, region_code="11")


def test_project_paris_north_of_marseille_west_of_strasbourg(france):
    paris, marseille, strasbourg = (france.departement_point(c) for c in ("75", "13", "67"))
    assert paris[1] < marseille[1]
    assert paris[0] < strasbourg[0]


def test_module_level_departement_point_uses_default_map():
    assert departement_point("69") == default_map().departement_point("69")
    with pytest.raises(KeyError):
        departement_point("999")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises if the XML is not well formed


def test_render_svg_accessible_image():
    root = parse(render_svg([Marker(100, 100, "Pôle A")], title="Pôles", desc="Deux pôles"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Pôles"
    assert root.find(f"{SVG}desc").text == "Deux pôles"
    assert root.get("aria-labelledby") == "carte-titre carte-desc"
    assert len(root.findall(f".//{SVG}path")) == 18


def test_render_svg_default_description_counts_its_points_in_french():
    # It said « 1 point(s) et 0 liaison(s) »: a parenthesised plural, and a figure on its own at a line's end.
    root = parse(render_svg([Marker(100, 100, "Pôle A")], title="Pôles"))
    assert root.find(f"{SVG}desc").text.endswith(", 1\u00a0point et 0\u00a0liaison.")
    two = parse(render_svg([Marker(100, 100, "A"), Marker(120, 120, "B")], [Link((100, 100), (120, 120))], title="Pôles"))
    assert two.find(f"{SVG}desc").text.endswith(", 2\u00a0points et 1\u00a0liaison.")


def test_render_svg_linked_markers_are_labelled_anchors():
    svg = render_svg([Marker(10, 20, "Pôle B", "hote", "/poles/2"), Marker(30, 40, "Pôle C")],
                     [Link((10, 20), (30, 40), "visite")], title="Visite")
    root = parse(svg)
    anchors = root.findall(f".//{SVG}a")
    assert [(a.get("href"), a.get("aria-label")) for a in anchors] == [("/poles/2", "Pôle B")]
    assert root.get("role") == "group"
    circles = root.findall(f".//{SVG}circle")
    assert [c.get("class") for c in circles] == ["carte-marqueur hote", "carte-marqueur"]
    assert root.find(f".//{SVG}line").get("class") == "carte-lien visite"


@pytest.mark.parametrize(
    "hostile",
    ['<script>alert(1)</script>', '"><script>alert(1)</script>', "Tom & Jerry's", "nul\x00byte"],
)
def test_render_svg_escapes_hostile_text(hostile):
    svg = render_svg([Marker(1, 2, hostile, hostile, "/p?a=1&b=<2>")],
                     [Link((1, 2), (3, 4), hostile, hostile)], title=hostile, desc=hostile)
    assert "<script" not in svg
    root = parse(svg)
    cleaned = hostile.replace("\x00", "")
    assert root.find(f"{SVG}title").text == cleaned
    anchor = root.find(f".//{SVG}a")
    assert anchor.get("aria-label") == cleaned
    assert anchor.get("href") == "/p?a=1&b=<2>"
    assert root.find(f".//{SVG}circle/{SVG}title").text == cleaned


@pytest.mark.parametrize("href", ["javascript:alert(1)", " JaVa\tScript:alert(1)", "data:text/html,x"])
def test_render_svg_refuses_script_hrefs(href):
    with pytest.raises(ValueError, match="scheme"):
        render_svg([Marker(1, 2, "x", href=href)], title="t")


@pytest.mark.parametrize("href", ["/poles/3", "https://example.org/p", "mailto:a@b.fr", "#p3"])
def test_render_svg_accepts_ordinary_hrefs(href):
    assert f'href="{href}"' in render_svg([Marker(1, 2, "x", href=href)], title="t")


def test_render_svg_is_small():
    assert len(render_svg(title="Carte")) < 60_000


def test_region_point_is_mean_of_departements(france):
    bretagne = [d for d in load_departements().values() if d.code_region == "53"]
    lon = sum(d.longitude for d in bretagne) / len(bretagne)
    lat = sum(d.latitude for d in bretagne) / len(bretagne)
    assert france.region_point("53") == france.project(lon, lat, "53")
    assert inside(france.region_point("04"), _inset_box(france, "04"))
    with pytest.raises(KeyError):
        france.region_point("99")


def _inset_box(france, code):
    inset = next(i for i in france.insets() if i.code == code)
    return inset.x, inset.y, inset.width, inset.height


def test_spread_keeps_points_apart():
    from geo.svgmap import spread

    points = [spread((100.0, 100.0), i, step=4.0) for i in range(40)]
    assert points[0] == (100.0, 100.0)
    closest = min(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5
                  for i, a in enumerate(points) for b in points[i + 1:])
    assert closest > 3.0
    assert max(((x - 100) ** 2 + (y - 100) ** 2) ** 0.5 for x, y in points) <= 4.0 * 40 ** 0.5 + 0.2


def test_render_svg_marker_shapes():
    markers = [Marker(10, 10, "a", shape="circle"), Marker(20, 20, "b", shape="square"),
               Marker(30, 30, "c", shape="triangle"), Marker(40, 40, "d", shape="diamond")]
    root = parse(render_svg(markers, title="t"))
    group = root.find(f".//{SVG}g[@class='carte-marqueurs']")
    assert [child.tag.removeprefix(SVG) for child in group] == ["circle", "rect", "polygon", "polygon"]
    assert [child.find(f"{SVG}title").text for child in group] == ["a", "b", "c", "d"]
    with pytest.raises(ValueError, match="shape"):
        render_svg([Marker(1, 1, "x", shape="star")], title="t")


def test_render_svg_highlights_regions(france):
    root = parse(france.render_svg(title="t", highlight=["53"]))
    chosen = [p.get("data-code") for p in root.iter(f"{SVG}path")
              if "carte-region--choisie" in p.get("class")]
    assert chosen == ["53"]
    plain = parse(france.render_svg(title="t"))
    assert not [p for p in plain.iter(f"{SVG}path") if "choisie" in p.get("class")]
