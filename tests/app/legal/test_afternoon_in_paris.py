"""The Juri-PTCE page's « premier mardi après-midi » is Paris's afternoon: read in Guadeloupe, where the slots
below show 9 h to 12 h, it says so (walk of a new facilitator in Guadeloupe)."""

from __future__ import annotations

import pytest

from models import Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _intro(client) -> str:
    return " ".join(page_html(client.get("/juri-ptce/")).replace("\u00a0", " ").split("<p>Chaque", 1)[1]
                    .split("</p>", 1)[0].split())


def test_the_afternoon_is_said_in_paris_time_far_from_paris(client, login, make_user, make_pole):
    reader = make_user(Role.FACILITATOR, pole=make_pole("Pôle Koudmen", region_code="01"))
    reader.timezone = "America/Guadeloupe"
    login(reader)
    assert _intro(client).startswith("premier mardi après-midi du mois (heure de Paris), les avocat")


def test_in_paris_the_sentence_stays_short(client, login, make_user, make_pole):
    reader = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Monts", region_code="84"))
    reader.timezone = "Europe/Paris"
    login(reader)
    assert _intro(client).startswith("premier mardi après-midi du mois, les avocat")
