"""The organisers' map is written with its French no-break spaces already (« … du Pôle mentor : 2 appariements »): the
page pass (app/typography.py) then has nothing to change in it and takes the whole drawing in one run, where 2,000
lines each cost it a match for their « : » (bench/bench_network_pages.py)."""

from __future__ import annotations

from app import typography
from app.network import services
from app.typography import french_spacing_html
from models import PairingStatus, Role


def test_the_organisers_map_has_nothing_left_for_the_page_pass(db, make_user, make_pole, place, make_need,
                                                               make_resource_person, make_pairing):
    helped = place(make_pole("Pôle aidé", region_code="53"), "29")
    mentor_pole = place(make_pole("Pôle mentor", region_code="84"), "69")
    need = make_need(helped)
    make_pairing(need, make_resource_person(region_code="84", pole=mentor_pole), status=PairingStatus.PLANNED)
    make_pairing(need, make_resource_person(region_code="76"), status=PairingStatus.IN_PROGRESS)
    drawn = services.network_map(viewer=make_user(Role.ORGANISER), theme=None, with_links=True,
                                 href_prefix="/poles/").svg
    assert "du Pôle mentor\u00a0: 1\u00a0appariement</title>" in drawn
    assert "d'Occitanie\u00a0: 1\u00a0appariement</title>" in drawn
    assert french_spacing_html(drawn) == drawn
    assert [match.lastgroup for match in typography._HTML_PARTS.finditer(drawn)] == ["tag", "unchanged", "tag"]
