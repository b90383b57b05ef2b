"""The regional view's map is framed on the region; the national map keeps the whole of France."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from geo.svgmap import default_map
from app.network.network_map import MARKER_RADIUS
from models import Maturity, PairingStatus, Role

pytestmark = pytest.mark.web
SVG = "{http://www.w3.org/2000/svg}"


def map_of(html: str) -> ET.Element:
    match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="carte".*?</svg>', html, re.S)
    assert match, "no map in page"
    return ET.fromstring(match.group(0))


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    return x, y, w, h


def test_regional_view_map_is_framed_on_the_region(client, make_user, login, make_pole, place, make_need,
                                                    make_resource_person, make_pairing):
    helped = place(make_pole("Pôle lyonnais", region_code="84", maturity=Maturity.EMERGENT), "69")
    mentor = make_resource_person(region_code="53", pole=place(make_pole("Pôle breton", region_code="53"), "29"))
    make_pairing(make_need(helped, themes=("culture",)), mentor, status=PairingStatus.PLANNED)
    login(make_user(Role.ORGANISER, region_code="84"))
    root = map_of(client.get("/organisation/region/84").get_data(as_text=True))
    x0, y0, x1, y1 = default_map().region_box("84")
    x, y, w, h = view_box(root)
    assert x < x0 < x1 < x + w and y < y0 < y1 < y + h
    assert w < 0.5 * 600  # a close-up of the region, not France
    assert root.get("data-cadre") == "84"
    assert root.find(f".//{SVG}g[@class='carte-encarts']") is None
    assert "84" in [p.get("data-code") for p in root.iter(f"{SVG}path") if "choisie" in p.get("class")]
    assert len(root.findall(f".//{SVG}path")) == 13  # the neighbours are drawn around it
    anchor = next(root.iter(f"{SVG}a"))
    assert anchor.get("href") == f"/poles/{helped.id}" and anchor.get("aria-label").startswith("Pôle lyonnais")
    assert anchor[0].tag == f"{SVG}rect"  # émergent: a square, 1.7 radius wide, the radius shrunk by the zoom
    assert float(anchor[0].get("width")) == pytest.approx(MARKER_RADIUS * 1.7 * w / 600, abs=0.1)
    line = root.find(f".//{SVG}line")  # from Brittany: it leaves the frame
    assert line.get("vector-effect") == "non-scaling-stroke"
    assert not x <= float(line.get("x1")) <= x + w
    assert "Carte cadrée sur la région, entourée de ses voisines" in root.find(f"{SVG}desc").text


def test_overseas_regional_view_frames_its_inset(client, make_user, login, make_pole):
    make_pole("Pôle réunionnais", region_code="04")
    login(make_user(Role.ORGANISER))
    root = map_of(client.get("/organisation/region/04").get_data(as_text=True))
    inset = next(i for i in default_map().insets() if i.code == "04")
    x, y, w, h = view_box(root)
    assert inset.x <= x + w / 2 <= inset.x + inset.width and inset.y <= y + h / 2 <= inset.y + inset.height
    assert [p.get("data-code") for p in root.iter(f"{SVG}path")] == ["04"]
    assert "entourée de ses voisines" not in root.find(f"{SVG}desc").text


def test_national_map_stays_whole(client, make_user, login, make_pole, place):
    place(make_pole("Pôle lyonnais", region_code="84"), "69")
    login(make_user(Role.ORGANISER, region_code="84"))
    root = map_of(client.get("/organisation/carte").get_data(as_text=True))
    assert root.get("viewBox") == default_map().viewbox
    assert root.get("data-cadre") is None
    assert root.find(f".//{SVG}g[@class='carte-encarts']") is not None


def test_national_map_names_the_overseas_insets_under_it_for_a_phone(client, make_user, login):
    # the SVG's inset captions are 5 px high on a 375 px phone: the names are also written as text under the map
    login(make_user(Role.ORGANISER, region_code="76"))
    html = client.get("/organisation/carte").get_data(as_text=True)
    captions = re.search(r'</svg>\s*<ol class="carte-encarts-noms" aria-hidden="true">(.*?)</ol>', html, re.S)
    assert captions, "no inset names under the map"
    assert re.findall(r"<li>(.*?)</li>", captions.group(1))[-1] == "Mayotte"
    assert "Guade\u00adloupe" in captions.group(1)


def test_regional_map_has_no_inset_names(client, make_user, login):
    login(make_user(Role.ORGANISER, region_code="76"))
    assert "carte-encarts-noms" not in client.get("/organisation/region/76").get_data(as_text=True)
