"""The organisers' map asks which poles its viewer sees named once per page, not once per pole: with 2,000 poles,
reading the signed-in user again for each took /organisation/carte to 400 ms (bench/bench_network_pages.py)."""

from __future__ import annotations

import pytest

from app.access import policy
from models import Role


@pytest.fixture
def sights(monkeypatch) -> list[object]:
    asked: list[object] = []
    real = policy.pole_sight

    def counted(user: object) -> policy.PoleSight:
        asked.append(user)
        return real(user)

    monkeypatch.setattr(policy, "pole_sight", counted)
    return asked


def test_the_map_reads_its_viewer_s_sight_the_same_number_of_times_for_3_or_12_poles(client, login, make_user,
                                                                                   make_pole, sights):
    login(make_user(Role.ORGANISER, region_code="76"))
    for n in range(3):
        make_pole(f"Pôle {n}", region_code="76", public=False)
    assert client.get("/organisation/carte").status_code == 200
    few = len(sights)
    sights.clear()
    for n in range(3, 12):
        make_pole(f"Pôle {n}", region_code="76", public=False)
    assert client.get("/organisation/carte").status_code == 200
    assert len(sights) == few
