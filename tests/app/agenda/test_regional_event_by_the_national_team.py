"""A regional event the national team publishes for one region's poles belongs to that region (walk as Coorace: it was
stored with no region, so the bilan read « Niveau national » and the region's CRA did not follow it)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.agenda import bilan, services
from app.agenda.audience import NATIONAL_DAY_HAS_NO_REGION, may_run
from app.agenda.services import AgendaRefused
from app.templating import local_datetime
from models import Audience, CollectiveKind, CollectiveRegistration, RegistrationStatus, Role, utcnow
from tests.app.agenda.conftest import draft
from tests.app.html_parts import page_html, select_options

pytestmark = pytest.mark.web

REGIONAL = dict(kind=CollectiveKind.REGIONAL_EVENT, audience=Audience.REGION, audience_region_code="76")


def test_the_region_chosen_makes_its_cra_run_and_count_it(db, organiser, make_user, make_pole):
    cra, other_cra = make_user(Role.ORGANISER, region_code="76"), make_user(Role.ORGANISER, region_code="84")
    session = services.publish(organiser=organiser, draft=draft(**REGIONAL, region_code="76"))

    assert session.region_code == "76"
    assert may_run(session, cra) and not may_run(session, other_cra) and may_run(session, organiser)

    person = make_user(Role.FACILITATOR, pole=make_pole(region_code="76"))
    db.add(CollectiveRegistration(collective_session=session, user=person, pole=person.pole, attended=True,
                                  status=RegistrationStatus.REGISTERED))
    db.commit()
    held = session.starts_at + timedelta(hours=1)
    review = bilan.bilan(year=local_datetime(held, bilan.REVIEW_ZONE).year, region_code="76", now=held)
    assert [(row.kind, row.scope, row.sessions) for row in review.rows] == [
        (CollectiveKind.REGIONAL_EVENT, "Occitanie", 1)]


def test_without_a_region_it_stays_national_and_a_cra_keeps_its_own(organiser, make_user):
    assert services.publish(organiser=organiser, draft=draft(**REGIONAL)).region_code is None
    cra = make_user(Role.ORGANISER, region_code="84")
    chosen = services.publish(organiser=cra, draft=draft(**(REGIONAL | {"audience_region_code": "84"}),
                                                         region_code="76"))
    assert chosen.region_code == "84"


@pytest.mark.parametrize("kind, region, message", [
    (CollectiveKind.NATIONAL_DAY, "76", NATIONAL_DAY_HAS_NO_REGION),
    (CollectiveKind.REGIONAL_EVENT, "ZZ", "Choisissez la région dans la liste."),
])
def test_the_national_day_has_no_region_and_a_region_is_one_of_the_list(organiser, kind, region, message):
    with pytest.raises(AgendaRefused) as refused:
        services.publish(organiser=organiser, draft=draft(kind=kind, region_code=region))
    assert [(p.field, p.message) for p in refused.value.problems] == [("region_code", message)]


def test_the_national_team_chooses_the_region_in_the_form_and_its_cra_notes_presences(client, login, csrf, db,
                                                                                      organiser, make_user):
    cra = make_user(Role.ORGANISER, region_code="76")
    login(cra)
    assert 'name="region"' not in page_html(client.get("/organisation/agenda/nouvelle"))  # a CRA's is its own
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(organiser)
    page = page_html(client.get("/organisation/agenda/nouvelle"))
    assert select_options(page, "region")[:2] == ["Aucune\u00a0: session nationale", "Auvergne-Rhône-Alpes"]
    day = (utcnow() + timedelta(days=20)).date()
    response = client.post("/organisation/agenda/nouvelle", data={
        "csrf_token": csrf("/organisation/agenda/nouvelle"), "kind": "regional_event", "region": "76",
        "title": "Rencontre des PTCE d'Occitanie", "online": "0", "place": "Toulouse", "timezone_region": "76",
        "capacity": "40", "audience": "region", "audience_region": "76", "slots-0-day": day.isoformat(),
        "slots-0-start": "10:00", "slots-0-end": "16:00",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    session_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert "Rencontre régionale inter-PTCE · Occitanie" in page_html(client.get(f"/agenda/{session_id}"))

    national_day = client.post("/organisation/agenda/nouvelle", data={
        "csrf_token": csrf("/organisation/agenda/nouvelle"), "kind": "national_day", "region": "76",
        "title": "Journée nationale", "online": "0", "place": "Paris", "timezone_region": "11", "capacity": "40",
        "audience": "all", "slots-0-day": day.isoformat(), "slots-0-start": "10:00", "slots-0-end": "16:00",
    })
    assert national_day.status_code == 200
    assert "laissez la région vide" in page_html(national_day).replace("\u00a0", " ")

    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(cra)
    assert client.get(f"/organisation/agenda/{session_id}/presences").status_code == 200


def test_a_session_published_national_is_given_its_region_by_the_national_team(client, login, csrf, db, organiser,
                                                                               make_user):
    session = services.publish(organiser=organiser, draft=draft(**REGIONAL))
    cra = make_user(Role.ORGANISER, region_code="76")
    assert not may_run(session, cra)
    url = f"/organisation/agenda/{session.id}/modifier"
    login(organiser)
    page = page_html(client.get(url))
    assert select_options(page, "region")[0] == "Aucune\u00a0: session nationale"
    opened = html.unescape(re.search(r'name="opened_on"[^>]*value="([^"]*)"', page).group(1))
    response = client.post(url, data={
        "csrf_token": csrf(url), "opened_on": opened, "title": session.title, "description": session.description,
        "speakers": session.speakers, "themes": ["modele_economique"], "online": "1",
        "video_url": session.video_url, "capacity": str(session.capacity), "region": "76"})
    assert response.status_code == 302, page_html(response)[:3000]
    db.expire_all()
    assert session.region_code == "76" and may_run(session, cra)

    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(cra)  # the CRA corrects it too; the region stays (its form does not ask it)
    page = page_html(client.get(url))
    assert 'name="region"' not in page
    opened = html.unescape(re.search(r'name="opened_on"[^>]*value="([^"]*)"', page).group(1))
    assert client.post(url, data={
        "csrf_token": csrf(url), "opened_on": opened, "title": "Rencontre corrigée", "description": "",
        "speakers": "", "online": "1", "video_url": session.video_url, "capacity": "30"}).status_code == 302
    db.expire_all()
    assert (session.title, session.region_code) == ("Rencontre corrigée", "76")
