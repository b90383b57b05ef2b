"""The organisers' map says what it shows to whom: a CRA does not see every unlisted pole (walk 4)."""

from __future__ import annotations

import html

from models import Role


def _lead(client) -> str:
    page = html.unescape(client.get("/organisation/carte").get_data(as_text=True)).replace("\u00a0", " ")
    return page[page.index('class="lead"'):].split("</p>", 1)[0]


def test_a_cra_reads_that_unlisted_poles_are_those_of_its_region(client, login, make_user):
    login(make_user(Role.ORGANISER, region_code="76"))
    lead = _lead(client)
    assert "tous ceux de votre région (Occitanie), publics ou non" in lead and "Tous les pôles" not in lead


def test_a_national_organiser_reads_every_pole(client, login, make_user):
    login(make_user(Role.ORGANISER))
    assert "Tous les pôles, publics ou non," in _lead(client)
