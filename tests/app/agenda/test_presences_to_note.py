"""A session over whose presences nobody noted waits for those who run it, on « Mon espace » too."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.agenda import services
from app.agenda.queries import sessions_awaiting_attendance
from models import CollectiveKind, Role, utcnow


def _over(db, session, *, days_ago: int = 3) -> None:
    start = utcnow().replace(microsecond=0) - timedelta(days=days_ago)
    for slot in session.slots:
        slot.starts_at, slot.ends_at = start, start + timedelta(hours=2)
    db.commit()


def test_a_session_over_waits_until_its_presences_are_noted(db, publish, organiser, facilitator, make_user):
    cra_elsewhere = make_user(Role.ORGANISER, region_code="76")
    cra_here = make_user(Role.ORGANISER, region_code="84")
    webinar, regional, empty, to_come = publish(), publish(
        by=cra_here, kind=CollectiveKind.REGIONAL_EVENT, online=False, place="Lyon", video_url=None,
        departement_code="69"), publish(), publish()
    for session in (webinar, regional, to_come):
        services.register(session_id=session.id, user=facilitator)
    for session in (webinar, regional, empty):
        _over(db, session)
    assert sessions_awaiting_attendance(organiser) == [webinar, regional]  # no one registered: nothing to note
    assert sessions_awaiting_attendance(cra_here) == [regional]  # the sessions it runs: its region's
    assert sessions_awaiting_attendance(cra_elsewhere) == []
    assert sessions_awaiting_attendance(facilitator) == []
    services.record_attendance(session=webinar, organiser=organiser, attended_ids=set())  # nobody came: noted
    assert sessions_awaiting_attendance(organiser) == [regional]


@pytest.mark.web
def test_mon_espace_names_the_sessions_and_leads_to_their_presences(db, client, login, publish, organiser,
                                                                   facilitator):
    sessions = [publish(title=title) for title in ("Modèles socio-économiques", "Scic et PTCE")]
    login(organiser)
    page = html.unescape(client.get("/mon-espace").get_data(as_text=True))
    assert "Aucune session passée dont les présences restent à noter" in page
    services.register(session_id=sessions[0].id, user=facilitator)
    _over(db, sessions[0])
    page = html.unescape(client.get("/mon-espace").get_data(as_text=True))
    presences = f"/organisation/agenda/{sessions[0].id}/presences"
    assert f'<a href="{presences}">1\u00a0session passée dont les présences restent à noter</a>' in page
    services.register(session_id=sessions[1].id, user=facilitator)
    _over(db, sessions[1], days_ago=2)
    page = html.unescape(client.get("/mon-espace").get_data(as_text=True))
    assert "2\u00a0sessions passées dont les présences restent à noter" in page
    assert f'<a href="{presences}">Modèles socio-économiques</a>' in page
    assert f'<a href="/organisation/agenda/{sessions[1].id}/presences">Scic et PTCE</a>' in page
