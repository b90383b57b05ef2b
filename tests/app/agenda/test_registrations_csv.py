"""« Inscrit·es et présences » downloads as a spreadsheet for those who run the session (walk of the organisers:
for a national day, the badges and the sign-in sheet were copied by hand from the page)."""

from __future__ import annotations

import pytest

from app.agenda import services
from app.csv_export import BOM
from models import Role


@pytest.mark.web
def test_the_organiser_downloads_the_registered_then_the_waitlisted(client, login, db, publish, organiser,
                                                                     make_user, make_pole):
    session = publish(capacity=1)
    first = make_user(Role.FACILITATOR, name="Aurélie Anim", pole=make_pole("Pôle des Monts", region_code="84"))
    second = make_user(Role.FACILITATOR, name="Bruno Coop", pole=make_pole("Pôle du Littoral", region_code="52"))
    services.register(session_id=session.id, user=first)
    services.register(session_id=session.id, user=second)
    login(organiser)
    page = client.get(f"/organisation/agenda/{session.id}/presences").get_data(as_text=True)
    assert f"/organisation/agenda/{session.id}/inscriptions.csv" in page
    response = client.get(f"/organisation/agenda/{session.id}/inscriptions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).removeprefix(BOM).splitlines()
    assert lines[0] == "Personne;Pôle;Région du pôle;Statut;Inscription le;Présence;Utilité (sur 5)"
    assert lines[1].startswith("Aurélie Anim;Pôle des Monts;Auvergne-Rhône-Alpes;Inscrit·e;")
    assert lines[2].startswith("Bruno Coop;Pôle du Littoral;Pays de la Loire;En liste d'attente;")
    assert lines[1].endswith(";;")  # before the session: no presence to say yet


@pytest.mark.web
def test_an_organiser_who_does_not_run_it_gets_no_list(client, login, publish, make_user):
    session = publish()
    login(make_user(Role.ORGANISER, region_code="76"))
    assert client.get(f"/organisation/agenda/{session.id}/inscriptions.csv").status_code == 403
