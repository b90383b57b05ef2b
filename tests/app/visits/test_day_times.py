"""A visit day reads « mercredi 9 décembre 2026 de 9 h à 17 h 30 », like a session's slot (walk 5: it read
« … à 9 h 00 – 9 décembre 2026 à 17 h 30 », the date said twice)."""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.web


def test_a_visit_day_gives_its_end_as_an_hour(client, login, network, make_visit):
    visit = make_visit()
    login(network.facilitators[0])
    page = html.unescape(client.get(f"/visites/{visit.id}").get_data(as_text=True))
    days = re.findall(r"<li>(Jour [12]\s:\s.*?)</li>", page, re.S)
    assert len(days) == 2
    for day in days:
        time = r"\d{1,2}\xa0h(\xa0\d\d)?"
        assert re.fullmatch(rf"Jour [12]\s:\s\w+ \d{{1,2}}\xa0\w+ \d{{4}} de\xa0{time} à\xa0{time}.*", day), day
