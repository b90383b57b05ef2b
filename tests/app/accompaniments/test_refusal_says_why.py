"""A CRA sent to another region's pole or session is told why, not « Accès refusé » alone (walk 4)."""

from __future__ import annotations

import html

from app.agenda import services as agenda
from models import Audience, Role
from tests.app.agenda.conftest import draft


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")


def test_a_cra_recording_an_accompaniment_for_another_regions_pole_reads_why(client, login, make_user, make_pole):
    pole = make_pole("Pôle des Monts", region_code="84")
    login(make_user(Role.ORGANISER, region_code="76"))
    response = client.get(f"/poles/{pole.id}/accompagnements/nouveau")
    assert response.status_code == 403
    assert "Auvergne-Rhône-Alpes est hors de votre périmètre : vous suivez la région Occitanie." in _text(response)


def test_a_cra_opening_the_registrations_of_a_session_it_does_not_run_reads_why(client, login, make_user):
    national = agenda.publish(organiser=make_user(Role.ORGANISER), draft=draft())
    aura = agenda.publish(organiser=make_user(Role.ORGANISER, region_code="84"),
                          draft=draft(audience=Audience.REGION, audience_region_code="84"))
    login(make_user(Role.ORGANISER, region_code="76"))
    regional = client.get(f"/organisation/agenda/{aura.id}/presences")
    assert regional.status_code == 403 and "Auvergne-Rhône-Alpes est hors de votre périmètre" in _text(regional)
    response = client.get(f"/organisation/agenda/{national.id}/presences")
    assert response.status_code == 403
    assert "Cette session est organisée par l'équipe nationale" in _text(response)
