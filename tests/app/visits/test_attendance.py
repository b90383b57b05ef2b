"""Who came to a learning visit: noted per registered pole (present, how many people) once the visit has begun, by
the national organisers or the CRA of the host's region, on the sessions' attendance rule; the host reads it."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.access import policy
from app.edit_stamps import EditConflict
from app.scheduling.meetings import attendance_open, attendance_opens_at
from app.visits import attendance, services
from tests.app.html_parts import page_text
from models import LearningVisit, Role, VisitRegistration, utcnow

HOST_REGION = "76"  # the network fixture's host is in Occitanie


def _registered_visit(db, network, make_visit, *, past: bool) -> LearningVisit:
    """A visit two poles registered to (the third is invited only); its days moved ``past`` if asked."""
    visit = make_visit(capacity=3)
    for pole, user in zip(network.poles[:2], network.facilitators[:2]):
        services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    if past:
        start = utcnow().replace(microsecond=0) - timedelta(days=10)
        visit = db.get(LearningVisit, visit.id)
        visit.start_date = start.date()
        for n, day in enumerate(visit.sessions):
            day.starts_at, day.ends_at = start + timedelta(days=n), start + timedelta(days=n, hours=8)
        db.commit()
    return db.get(LearningVisit, visit.id)


def _marks(visit: LearningVisit, people: dict[int, int | None]) -> list[attendance.PoleMark]:
    """``people``: pole id → people who came (None: absent)."""
    return [attendance.PoleMark(registration_id=r.id, came=people.get(r.pole_id) is not None,
                                people=people.get(r.pole_id)) for r in attendance.registered(visit)]


# ------------------------------------------------------------------------------------------------ the service


def test_presences_noted_per_registered_pole_with_its_people(db, network, make_visit):
    visit = _registered_visit(db, network, make_visit, past=True)
    came, stayed = network.poles[:2]
    turnout = attendance.record_attendance(visit=visit, organiser=network.organiser,
                                           marks=_marks(visit, {came.id: 3}))
    assert (turnout.poles, turnout.people) == (1, 3)
    assert turnout.in_words == "1\u00a0pôle venu, 3\u00a0personnes"
    rows = {r.pole_id: r for r in db.query(VisitRegistration).filter_by(visit_id=visit.id)}
    assert (rows[came.id].attended, rows[came.id].people_present) == (True, 3)
    assert (rows[stayed.id].attended, rows[stayed.id].people_present) == (False, None)
    assert rows[network.poles[2].id].attended is None  # invited, never registered: not on the sheet


def test_presences_are_refused_before_the_visit_begins_and_say_when_they_open(db, network, make_visit):
    visit = _registered_visit(db, network, make_visit, past=False)
    assert attendance.opens_at(visit) == visit.day_one.starts_at
    with pytest.raises(services.VisitError, match="une fois la visite commencée"):
        attendance.record_attendance(visit=visit, organiser=network.organiser,
                                     marks=_marks(visit, {network.poles[0].id: 2}))


def test_a_pole_present_says_how_many_came_and_an_absent_one_none(db, network, make_visit):
    visit = _registered_visit(db, network, make_visit, past=True)
    rows = attendance.registered(visit)
    problems = attendance.attendance_problems([
        attendance.PoleMark(rows[0].id, came=True, people=None),
        attendance.PoleMark(rows[1].id, came=False, people=4)])
    assert [(p.field, p.message) for p in problems] == [
        ("poles.0.people", attendance.MISSING_PEOPLE), ("poles.1.people", attendance.PEOPLE_WHILE_ABSENT)]
    with pytest.raises(services.VisitError):
        attendance.record_attendance(visit=visit, organiser=network.organiser, marks=[
            attendance.PoleMark(rows[0].id, came=True, people=None)])


def test_two_organisers_noting_at_once_are_told(db, network, make_visit, make_user):
    from app.edit_stamps import opened_token

    visit = _registered_visit(db, network, make_visit, past=True)
    cra = make_user(Role.ORGANISER, region_code=HOST_REGION)
    opened = opened_token(attendance.ATTENDANCE_EDIT, visit)
    attendance.record_attendance(visit=visit, organiser=network.organiser, opened=opened,
                                 marks=_marks(visit, {network.poles[0].id: 2}))
    with pytest.raises(EditConflict):
        attendance.record_attendance(visit=db.get(LearningVisit, visit.id), organiser=cra, opened=opened,
                                     marks=_marks(visit, {network.poles[1].id: 5}))


def test_one_rule_opens_the_presences_of_a_session_and_of_a_visit(db, network, make_visit):
    """The visit's page and the sessions' page open on the scheduling backbone's rule: a day not cancelled begun."""
    visit = _registered_visit(db, network, make_visit, past=True)
    assert attendance_open(visit.sessions) and attendance.is_open(visit)
    assert attendance_opens_at(visit.sessions) == min(d.starts_at for d in visit.sessions)
    assert not attendance_open(visit.sessions, now=visit.day_one.starts_at - timedelta(minutes=1))


def test_who_notes_presences_is_the_national_team_or_the_host_region_cra(network, make_user):
    assert policy.may_note_visit_attendance(network.organiser, host_region_code=HOST_REGION)
    assert policy.may_note_visit_attendance(make_user(Role.ORGANISER, region_code=HOST_REGION),
                                            host_region_code=HOST_REGION)
    assert not policy.may_note_visit_attendance(make_user(Role.ORGANISER, region_code="84"),
                                                host_region_code=HOST_REGION)
    assert not policy.may_note_visit_attendance(network.host_facilitator, host_region_code=HOST_REGION)


def test_a_cra_of_another_region_is_refused_by_the_service(db, network, make_visit, make_user):
    visit = _registered_visit(db, network, make_visit, past=True)
    with pytest.raises(services.VisitError, match="cellule régionale"):
        attendance.record_attendance(visit=visit, organiser=make_user(Role.ORGANISER, region_code="84"),
                                     marks=_marks(visit, {network.poles[0].id: 1}))


def test_visits_over_wait_for_their_presences_in_the_scope_of_who_notes_them(db, network, make_visit, make_user):
    visit = _registered_visit(db, network, make_visit, past=True)
    cra_here, cra_elsewhere = (make_user(Role.ORGANISER, region_code=r) for r in (HOST_REGION, "84"))
    assert [v.id for v in attendance.visits_awaiting_attendance(network.organiser)] == [visit.id]
    assert [v.id for v in attendance.visits_awaiting_attendance(cra_here)] == [visit.id]
    assert attendance.visits_awaiting_attendance(cra_elsewhere) == []
    attendance.record_attendance(visit=visit, organiser=cra_here, marks=_marks(visit, {}))
    assert attendance.visits_awaiting_attendance(network.organiser) == []


# ------------------------------------------------------------------------------------------------ the pages


def _sheet(visit: LearningVisit) -> str:
    return f"/visites/{visit.id}/presences"


def test_the_sheet_before_the_visit_says_when_presences_open(client, db, login, network, make_visit):
    visit = _registered_visit(db, network, make_visit, past=False)
    login(network.organiser)
    page = page_text(client.get(_sheet(visit)))
    assert "Les présences se notent une fois la visite commencée, à partir du" in page
    assert "Enregistrer les présences" not in page and network.poles[0].name in page


def test_the_host_region_cra_notes_presences_and_the_host_reads_them(client, csrf, db, login, network, make_visit,
                                                                     make_user):
    visit = _registered_visit(db, network, make_visit, past=True)
    cra = make_user(Role.ORGANISER, region_code=HOST_REGION)
    login(cra)
    page = client.get(_sheet(visit)).get_data(as_text=True)
    assert "Enregistrer les présences" in page
    rows = attendance.registered(visit)
    token = csrf(_sheet(visit))
    opened = html.unescape(page.split('name="opened_on"', 1)[1].split('value="', 1)[1].split('"', 1)[0])
    data = {"csrf_token": token, "opened_on": opened}
    for n, registration in enumerate(rows):
        data[f"poles-{n}-registration"] = str(registration.id)
    data["poles-0-came"], data["poles-0-people"] = "y", "4"
    response = client.post(_sheet(visit), data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert db.get(VisitRegistration, rows[0].id).people_present == 4
    assert db.get(VisitRegistration, rows[1].id).attended is False
    absent = len(rows) - 1  # the save says the absent poles too (walk 19)
    said = f"{absent} pôle absent" if absent == 1 else f"{absent} pôles absents"
    assert f"Présences enregistrées : 1 pôle venu, 4 personnes ; {said}." in page_text(client.get(response.location))
    client.post("/compte/deconnexion", data={"csrf_token": csrf(f"/visites/{visit.id}")})
    login(network.host_facilitator)
    page = page_text(client.get(f"/visites/{visit.id}"))
    assert "Présences notées : 1 pôle venu, 4 personnes." in page
    assert "présent, 4 personnes" in page and "absent" in page


def test_a_pole_marked_present_without_its_people_is_told_beside_the_field(client, csrf, db, login, network,
                                                                           make_visit):
    visit = _registered_visit(db, network, make_visit, past=True)
    login(network.organiser)
    rows = attendance.registered(visit)
    data = {"csrf_token": csrf(_sheet(visit)), "poles-0-registration": str(rows[0].id), "poles-0-came": "y",
            "poles-1-registration": str(rows[1].id), "poles-1-people": "2"}
    page = page_text(client.post(_sheet(visit), data=data))
    assert attendance.MISSING_PEOPLE in page and attendance.PEOPLE_WHILE_ABSENT.replace("\u00a0", " ") in page
    assert 'id="poles-0-people-erreur"' in page
    assert db.get(VisitRegistration, rows[0].id).attended is None
    # The summary names each pole, not « Pôle inscrit 1 » (walk of 6 December 2026).
    assert f"{rows[0].pole.name} : indiquez combien de personnes" in page
    assert "Pôle inscrit 1" not in page


def test_a_cra_of_another_region_is_refused_with_a_reason(client, db, login, network, make_visit, make_user):
    visit = _registered_visit(db, network, make_visit, past=True)
    login(make_user(Role.ORGANISER, region_code="84"))
    response = client.get(_sheet(visit))
    assert response.status_code == 403
    assert "hors de votre périmètre" in page_text(response)
    assert client.post(_sheet(visit), data={}).status_code in (400, 403)


@pytest.mark.parametrize("who", ["host", "visitor"])
def test_a_facilitator_is_refused(client, db, login, network, make_visit, who):
    visit = _registered_visit(db, network, make_visit, past=True)
    login(network.host_facilitator if who == "host" else network.facilitators[0])
    assert client.get(_sheet(visit)).status_code == 403
    assert "Noter les présences" not in client.get(f"/visites/{visit.id}").get_data(as_text=True)
