"""The year's review counts who came to the learning visits apart from who registered: the poles present, their
people, and the visits held whose presences are still to note; the CSV says the same, and « Mon espace » points the
organiser who notes them (the national team, the CRA of the host's region) to the visits waiting."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from app.agenda.bilan import bilan, bilan_csv_rows
from app.visits import attendance
from models import (
    LearningVisit, Meeting, MeetingKind, Role, VisitRegistration, VisitRegistrationStatus, utcnow,
)
from tests.app.html_parts import page_text

YEAR_START = datetime(utcnow().year, 1, 1)


def _held_visit(db, host, poles, *, days_ago: int = 3) -> LearningVisit:
    """A visit of this year (or its first days, early in January), held and over, the ``poles`` registered."""
    start = max(utcnow().replace(microsecond=0) - timedelta(days=days_ago), YEAR_START)
    days = [Meeting(kind=MeetingKind.VISIT_DAY, title=f"Visite — jour {n}", starts_at=start + timedelta(days=n - 1),
                    ends_at=start + timedelta(days=n - 1, hours=7)) for n in (1, 2)]
    visit = LearningVisit(title="Tiers-lieux", host_pole=host, start_date=start.date(), capacity=5, day_one=days[0],
                          day_two=days[1],
                          registrations=[VisitRegistration(pole=p, status=VisitRegistrationStatus.REGISTERED)
                                         for p in poles])
    db.add(visit)
    db.commit()
    return visit


def _note(visit: LearningVisit, organiser, people: dict[int, int]) -> None:
    attendance.record_attendance(visit=visit, organiser=organiser, marks=[
        attendance.PoleMark(r.id, came=r.pole_id in people, people=people.get(r.pole_id))
        for r in attendance.registered(visit)])


@pytest.fixture
def world(db, make_pole, make_user):
    host = make_pole(region_code="76")
    poles = [make_pole(region_code=r) for r in ("53", "84", "84")]
    organiser = make_user(Role.ORGANISER)
    noted = _held_visit(db, host, poles)
    _note(noted, organiser, {poles[0].id: 3, poles[1].id: 2})  # the third registered and did not come
    waiting = _held_visit(db, host, poles[:2], days_ago=2)  # held; nobody noted who came yet
    return host, poles, organiser, noted, waiting


def test_the_review_counts_poles_present_and_people_apart_from_registrations(db, world):
    review = bilan(year=YEAR_START.year).one_to_one
    assert (review.visits_held, review.visiting_poles) == (2, 3)
    sql = db.execute(text(
        "SELECT COUNT(DISTINCT pole_id), SUM(people_present) FROM visit_registrations "
        "WHERE status = 'registered' AND attended")).one()
    assert (review.visit_poles_present, review.visit_people_present) == (sql[0], sql[1]) == (2, 5)
    assert review.visits_to_note == 1
    # A region's review counts the visits its poles host.
    assert bilan(year=YEAR_START.year, region_code="84").one_to_one.visit_poles_present == 0


def test_the_review_page_and_its_csv_say_who_came_in_french(client, login, world):
    host, poles, organiser, noted, waiting = world
    login(organiser)
    page = page_text(client.get(f"/organisation/bilan?annee={YEAR_START.year}"))
    assert ("Visites apprenantes réalisées : 2 ; 3 pôles inscrits, 2 pôles venus avec 5 personnes "
            "(présences encore à noter pour 1 visite)") in page
    body = client.get(f"/organisation/bilan.csv?annee={YEAR_START.year}").get_data(as_text=True).lstrip("\ufeff")
    rows = {row[0]: row[-1] for row in csv.reader(io.StringIO(body), delimiter=";") if row}
    assert rows["Pôles inscrits aux visites réalisées"] == "3"
    assert rows["Pôles venus aux visites (présences notées)"] == "2"
    assert rows["Personnes venues aux visites (présences notées)"] == "5"
    assert rows["Visites réalisées dont les présences restent à noter"] == "1"


def test_one_pole_and_one_person_are_said_in_the_singular(db, make_pole, make_user):
    host, pole = make_pole(region_code="76"), make_pole(region_code="53")
    _note(_held_visit(db, host, [pole]), make_user(Role.ORGANISER), {pole.id: 1})
    assert attendance.turnout(db.query(LearningVisit).one()).in_words == "1\u00a0pôle venu, 1\u00a0personne"
    header, rows = bilan_csv_rows(bilan(year=YEAR_START.year))
    assert ["Pôles venus aux visites (présences notées)", "Tout le réseau", 1] in rows


def test_mon_espace_points_the_host_region_cra_to_the_visit_waiting(client, login, make_user, world):
    host, poles, organiser, noted, waiting = world
    login(make_user(Role.ORGANISER, region_code="76"))
    page = page_text(client.get("/mon-espace"))
    assert "1 visite apprenante passée dont les présences restent à noter" in page
    assert f'href="/visites/{waiting.id}/presences"' in client.get("/mon-espace").get_data(as_text=True)


def test_the_monthly_chart_counts_the_poles_that_came_beside_those_registered(world):
    from app.network.stats_visits import visits_by_month

    chart = visits_by_month()
    header = chart.table_header()
    registered, came = header.index("Pôles inscrits"), header.index("Pôles venus")
    assert sum(row[registered] for row in chart.table_rows()) == 5  # three to the first visit, two to the second
    assert sum(row[came] for row in chart.table_rows()) == 2
    assert any(note.startswith("Pôles venus\u00a0:") for note in chart.notes)
