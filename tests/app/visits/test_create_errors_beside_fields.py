"""The rules of a new visit speak beside their fields, all at once (walk 5: a first day in the past came back as a
lone banner at the top of the page, « La visite doit commencer après aujourd'hui. », with no error summary and
nothing beside « Premier jour »; the host invited to its own visit was said only once the date was right)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models import LearningVisit

pytestmark = pytest.mark.web


def _error_beside(page: str, field_id: str) -> str:
    """The error message rendered in the field block of ``field_id`` (its ``aria-describedby`` target)."""
    match = re.search(rf'id="{field_id}-erreur"[^>]*>(.*?)</', page, re.S)
    return html.unescape(match.group(1)).strip() if match else ""


def test_a_past_first_day_and_an_invited_host_are_said_beside_their_fields(client, login, csrf, db, network):
    login(network.organiser)
    token = csrf("/organisation/visites/nouvelle")
    response = client.post("/organisation/visites/nouvelle", data={
        "csrf_token": token, "title": "Tiers-lieux en friche", "host": str(network.host.id),
        "start_date": (date.today() - timedelta(days=3)).isoformat(), "capacity": "2",
        "invited": [str(network.host.id)],
    })
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Le formulaire contient 2\u00a0erreurs" in page
    assert "La visite doit commencer après aujourd'hui." in _error_beside(page, "start_date")
    assert "Le pôle hôte ne peut pas être invité à sa propre visite." in _error_beside(page, "invited")
    assert db.scalars(select(LearningVisit)).first() is None


@pytest.mark.parametrize("capacity", ["0", "100000"])
def test_a_capacity_out_of_range_and_a_past_first_day_are_said_together(client, login, csrf, db, network, capacity):
    login(network.organiser)
    token = csrf("/organisation/visites/nouvelle")
    response = client.post("/organisation/visites/nouvelle", data={
        "csrf_token": token, "title": "Tiers-lieux en friche", "host": str(network.host.id),
        "start_date": (date.today() - timedelta(days=3)).isoformat(), "capacity": capacity,
        "invited": [str(network.poles[0].id)],
    })
    page = html.unescape(response.get_data(as_text=True))
    assert "Le formulaire contient 2\u00a0erreurs" in page
    assert _error_beside(page, "capacity") == "La capacité va de 1 à 100 pôles."
    assert _error_beside(page, "start_date") == "La visite doit commencer après aujourd'hui."
    summary = page.split('class="error-summary', 1)[1].split("</div>", 1)[0]
    assert "la capacité va de 1 à 100 pôles." in summary and "la visite doit commencer après aujourd'hui." in summary
    assert db.scalars(select(LearningVisit)).first() is None


def test_the_service_refuses_the_capacity_and_the_date_at_once(network, make_visit):
    """The rule's owner says every problem (``Refused.of``), not the capacity alone."""
    from app.visits import services

    with pytest.raises(services.VisitError) as refused:
        make_visit(capacity=0, start=date.today())
    assert {(p.field, p.message) for p in refused.value.problems} == {
        ("capacity", "La capacité va de 1 à 100 pôles."), ("start_date", "La visite doit commencer après aujourd'hui.")}


def test_the_first_day_hint_gives_the_hours_with_no_break_spaces(client, login, network):
    """The hint of « Premier jour » typed « de 9 h à 17 h 30 » with plain spaces; it is written as every time is."""
    login(network.organiser)
    page = html.unescape(client.get("/organisation/visites/nouvelle").get_data(as_text=True))
    assert "se suivent\u00a0: de\u00a09\u00a0h à\u00a017\u00a0h\u00a030 puis de\u00a09\u00a0h à\u00a016\u00a0h, à l'heure" in page
