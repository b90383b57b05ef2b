"""A learning visit is not published as a collective session: it has its own journey (« Visites apprenantes »).
Sessions published with that kind before still read."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.agenda import services
from models import CollectiveKind, Role, utcnow
from tests.app.agenda.conftest import draft

pytestmark = pytest.mark.web


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def test_the_service_refuses_a_learning_visit_and_says_where_it_is_organised(organiser):
    with pytest.raises(services.AgendaRefused) as refused:
        services.publish(organiser=organiser, draft=draft(kind=CollectiveKind.LEARNING_VISIT))
    assert [p.field for p in refused.value.problems] == ["kind"]
    assert "« Visites apprenantes »" in refused.value.message


def test_the_form_no_longer_offers_it_and_points_national_organisers_to_visits(client, login, organiser):
    login(organiser)
    page = _text(client.get("/organisation/agenda/nouvelle"))
    assert _options(page, "kind") == ["webinar", "eu_funds", "regional_event", "national_day"]
    assert '<a href="/organisation/visites">organisez-la depuis « Visites apprenantes »</a>' in page


def test_a_cra_reads_that_the_national_team_organises_visits(client, login, make_user):
    login(make_user(Role.ORGANISER, region_code="84"))
    page = _text(client.get("/organisation/agenda/nouvelle"))
    assert "ne se publie pas ici : l'équipe nationale l'organise et invite les pôles." in page
    assert 'href="/organisation/visites"' not in page


def test_a_learning_visit_posted_anyway_is_refused_beside_its_field(client, login, csrf, organiser, db):
    login(organiser)
    day = (utcnow() + timedelta(days=20)).date()
    response = client.post("/organisation/agenda/nouvelle", data={
        "csrf_token": csrf("/organisation/agenda/nouvelle"), "kind": "learning_visit", "title": "Visite au Damier",
        "online": "1", "video_url": "https://visio.example.org/v", "timezone_region": "11", "capacity": "20",
        "audience": "all", "slots-0-day": day.isoformat(), "slots-0-start": "10:00", "slots-0-end": "11:30"})
    assert response.status_code == 200
    error = re.search(r'id="kind-erreur">([^<]*)</p>', _text(response)).group(1).strip()
    assert error == services.NOT_A_SESSION.replace("\u00a0", " ")
    assert _options(_text(client.get("/agenda")), "type") == [
        "", "webinar", "eu_funds", "regional_event", "national_day"]


def test_a_session_published_as_a_learning_visit_before_still_reads(client, publish, db):
    old = publish(title="Visite publiée comme session")
    old.kind = CollectiveKind.LEARNING_VISIT  # as the form allowed before
    db.commit()
    db.expire_all()
    assert "Visite publiée comme session" in _text(client.get("/agenda"))
    page = _text(client.get(f"/agenda/{old.id}"))
    assert "Visite apprenante" in page and "Visite publiée comme session" in page



def test_a_kind_that_is_none_is_refused_and_never_read_as_a_webinar(client, login, csrf, organiser):
    login(organiser)
    response = client.post("/organisation/agenda/nouvelle", data={
        "csrf_token": csrf("/organisation/agenda/nouvelle"), "kind": "atelier"})
    error = re.search(r'id="kind-erreur">([^<]*)</p>', _text(response)).group(1).strip()
    assert error == "Choisissez le type de session dans la liste."
