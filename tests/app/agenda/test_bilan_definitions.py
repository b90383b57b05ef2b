"""The review says what each ambiguous figure counts, where the reader reads it: participations (a walk-in pole, two
slots of one session, the waitlist), the people who left, new transfers (accepted in the year), and, for a region,
whose visits and consultations its figures are (a CRA's visiting poles may be of other regions)."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest

from app.agenda import services
from tests.app.agenda.held import set_slots_at
from tests.app.html_parts import page_html
from models import Role, utcnow

pytestmark = pytest.mark.web


def _hint(page: str, anchor: str) -> str:
    found = re.search(rf'<p class="hint" id="{anchor}">(.*?)</p>', page, re.S)
    assert found, anchor
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def test_the_review_defines_its_figures_for_the_network_and_for_a_region(client, login, csrf, db, publish, organiser,
                                                                         make_user, make_pole):
    year = utcnow().year - 1
    person = make_user(Role.FACILITATOR, pole=make_pole(region_code="76"))
    session = publish()
    services.register(session_id=session.id, user=person)
    set_slots_at(db, session, datetime(year, 5, 12, 9))

    login(organiser)
    national = page_html(client.get(f"/organisation/bilan?annee={year}"))
    sessions = _hint(national, "definitions-sessions")
    assert "une fois par session même venues à plusieurs de ses créneaux" in sessions
    assert "chaque pôle noté venu sans inscription" in sessions and "ni la liste d'attente" in sessions
    assert "une personne qui a supprimé son compte depuis reste comptée" in sessions
    accompaniments = _hint(national, "definitions-accompagnements")
    assert ("ceux acceptés dans l'année (par la personne ressource, ou par le pôle quand elle lui a proposé son aide)"
            in accompaniments)
    assert "les bilans des régions peuvent en compter davantage" in accompaniments

    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(make_user(Role.ORGANISER, region_code="76"))
    regional = _hint(page_html(client.get(f"/organisation/bilan?annee={year}")), "definitions-accompagnements")
    assert "celles qu'un pôle de la région a accueillies" in regional
    assert "peuvent être d'autres régions" in regional
