"""The organisers' map says where a mentor comes from (« du Pôle mentor », « d'Occitanie ») once a page, however many
poles they help: pairing_links worked it out again for each of its ~2,000 lines (bench/bench_network_pages.py)."""

from __future__ import annotations

from app.network import network_map
from app.network import services
from models import PairingStatus, Role


def test_a_mentor_helping_three_poles_is_placed_and_named_once(db, monkeypatch, make_user, make_pole, place,
                                                                make_need, make_resource_person, make_pairing):
    mentor = make_resource_person(region_code="84", pole=place(make_pole("Pôle mentor", region_code="84"), "69"))
    for n in range(3):
        make_pairing(make_need(place(make_pole(f"Pôle aidé {n}", region_code="53"), "29")), mentor,
                     status=PairingStatus.PLANNED)
    named: list[str] = []
    real = network_map.of_pole
    monkeypatch.setattr(network_map, "of_pole", lambda name, *args: named.append(name) or real(name, *args))
    drawn = services.network_map(viewer=make_user(Role.ORGANISER), theme=None, with_links=True, href_prefix="/poles/")
    assert [link.label for link in drawn.links] == [
        f"Pôle aidé {n} aidé par une personne ressource du Pôle mentor\u00a0: 1\u00a0appariement" for n in range(3)]
    assert named == ["Pôle mentor"]
