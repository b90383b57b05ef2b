"""The part of a region's review that follows its poles in every collective session of the year, national ones
included (``app.agenda.pole_participation``): registrations and presences told apart, a cancelled registration,
a place on the waitlist or a person noted absent never counted as attendance, a session whose presences nobody
noted yet counting no one present; the poles that came to nothing listed to be called."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import text

from app.agenda import services
from app.agenda.pole_participation import region_participation
from models import CollectiveKind, RegistrationStatus, Role, utcnow
from tests.app.agenda.held import set_slots_at
from tests.app.html_parts import page_html, page_text


def _words(response) -> str:
    """The page's visible words, tags taken away, spaces collapsed (no-break ones as plain ones)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page_text(response)))


@pytest.fixture
def year() -> int:
    return utcnow().year - 1  # a whole year already over


@pytest.fixture
def occitanie(db, year, publish, organiser, make_user, make_pole):
    """Four poles of Occitanie and one of Auvergne-Rhône-Alpes at a national webinar, a regional event and a
    second webinar whose presences nobody noted."""
    came, walked_in, waitlisted, unnoted = (make_pole(name, region_code="76") for name in (
        "Pôle des Causses", "Pôle du Ségala", "Pôle des Cévennes", "Pôle du Lauragais"))
    elsewhere = make_pole("Pôle du Livradois", region_code="84")
    cra = make_user(Role.ORGANISER, region_code="76")
    webinar = publish(title="Modèles socio-économiques")
    regional = publish(by=cra, kind=CollectiveKind.REGIONAL_EVENT, online=False, place="Toulouse", video_url=None,
                       title="Rencontre d'Occitanie")
    not_noted = publish(title="Mutualiser des emplois")
    present, absent = make_user(pole=came), make_user(pole=came)
    left, waiting = make_user(pole=walked_in), make_user(pole=waitlisted)
    far, late = make_user(pole=elsewhere), make_user(pole=unnoted)
    for person in (present, absent, left, waiting, far):
        services.register(session_id=webinar.id, user=person)
    services.leave(session_id=webinar.id, user=left)
    services.register(session_id=not_noted.id, user=late)
    set_slots_at(db, webinar, datetime(year, 3, 10, 9))
    set_slots_at(db, regional, datetime(year, 5, 12, 9))
    set_slots_at(db, not_noted, datetime(year, 6, 2, 9))
    ids = {r.user_id: r.id for r in webinar.registrations}
    services.record_attendance(session=webinar, organiser=organiser, attended_ids={ids[present.id], ids[far.id]})
    services.record_attendance(session=regional, organiser=cra, attended_ids=set(), walk_in_pole_ids=[walked_in.id])
    # Rows a careless count would take for attendance: a waitlisted place and a cancelled registration, both
    # marked present (by an old import, a mistake); neither is a presence.
    for registration in webinar.registrations:
        if registration.user_id in (waiting.id, left.id):
            registration.attended = True
            if registration.user_id == waiting.id:
                registration.status = RegistrationStatus.WAITLISTED
    db.commit()
    return dict(came=came, walked_in=walked_in, waitlisted=waitlisted, unnoted=unnoted, elsewhere=elsewhere, cra=cra,
                webinar=webinar, regional=regional, not_noted=not_noted)


def test_each_pole_s_sessions_registrations_and_presences(db, year, occitanie):
    w = occitanie
    review = region_participation(viewer=w["cra"], year=year, region_code="76")
    poles = {p.name: p for p in review.poles}
    assert [p.name for p in review.active] == ["Pôle des Causses", "Pôle du Ségala"]
    assert [p.name for p in review.idle] == ["Pôle des Cévennes", "Pôle du Lauragais"]
    causses = poles["Pôle des Causses"]
    assert [s.title for s in causses.attended] == ["Modèles socio-économiques"]
    assert (causses.present, causses.registered) == (1, 2)  # one came, one was noted absent
    segala = poles["Pôle du Ségala"]
    # It unregistered from the webinar (the row marked present by mistake is not a presence), came to the
    # regional event without registering: there, present without a number of people.
    assert [s.title for s in segala.attended] == ["Rencontre d'Occitanie"]
    assert (segala.present, segala.registered) == (0, 0)
    assert [at.walk_in for _, at in segala.sessions] == [True]
    assert poles["Pôle des Cévennes"].sessions == []  # on the waitlist only
    lauragais = poles["Pôle du Lauragais"]
    assert [(s.title, s.noted) for s in lauragais.registered_only] == [("Mutualiser des emplois", False)]

    sessions = {s.title: s for s in review.sessions}
    assert list(sessions) == ["Modèles socio-économiques", "Rencontre d'Occitanie", "Mutualiser des emplois"]
    webinar = sessions["Modèles socio-économiques"]
    assert (webinar.present, webinar.registered, webinar.noted) == (1, 2, True)
    # The whole network, as an aggregate: the two poles that came, Occitanie's and the other region's.
    assert webinar.poles_present_all == 2
    assert webinar.scope == "Niveau national" and sessions["Rencontre d'Occitanie"].scope == "Occitanie"
    assert sessions["Mutualiser des emplois"].poles_present_all == 0


def test_the_figures_equal_counts_taken_in_sql(db, year, occitanie):
    review = region_participation(viewer=occitanie["cra"], year=year, region_code="76")
    per_pole = """
        SELECT p.name,
               count(CASE WHEN r.status = 'registered' AND NOT r.walk_in THEN 1 END),
               count(CASE WHEN r.status = 'registered' AND r.attended AND NOT r.walk_in THEN 1 END)
        FROM poles p JOIN collective_registrations r ON r.pole_id = p.id
        WHERE p.region_code = '76' GROUP BY p.name
    """
    expected = {name: (registered, present) for name, registered, present in db.execute(text(per_pole))}
    assert len(review.poles) == 4
    for pole in review.poles:
        assert (pole.registered, pole.present) == expected.get(pole.name, (0, 0)), pole.name
    all_poles = """
        SELECT count(DISTINCT r.pole_id) FROM collective_registrations r
        WHERE r.collective_session_id = :sid AND r.status = 'registered' AND r.attended
    """
    for session in review.sessions:
        assert session.poles_present_all == db.execute(text(all_poles), {"sid": session.session_id}).scalar()


def test_a_session_counts_in_the_year_of_paris(db, publish, make_user, make_pole):
    """At 23 h 30 UTC on 31 December it is already New Year's Day in Paris: the session is of the new year."""
    year = utcnow().year - 2
    pole = make_pole("Pôle des Monts", region_code="76")
    person = make_user(pole=pole)
    session = publish()
    services.register(session_id=session.id, user=person)
    set_slots_at(db, session, datetime(year, 12, 31, 23, 30))
    cra = make_user(Role.ORGANISER, region_code="76")
    assert region_participation(viewer=cra, year=year, region_code="76").sessions == []
    [held] = region_participation(viewer=cra, year=year + 1, region_code="76").sessions
    assert held.session_id == session.id


@pytest.mark.web
def test_the_cra_s_review_page_names_its_poles_and_says_what_it_counts(client, login, year, occitanie):
    login(occitanie["cra"])
    page = _words(client.get(f"/organisation/bilan?annee={year}"))
    assert "Participation des pôles de la région aux sessions collectives" in page
    assert "Inscrites : les personnes du pôle inscrites" in page and "Présentes : celles que" in page
    assert f"2 pôles sur 4 sont venus à au moins une session collective en {year} ; 2 pôles à aucune." in page
    assert "Pôles qui ne sont venus à aucune session" in page
    assert "Pôle du Lauragais — inscrit à 1 session sans être noté présent : Mutualiser des emplois " \
           "(présences à noter)" in page
    assert "venu sans inscription" in page
    assert "1 présente sur 2 inscrites" in page


@pytest.mark.web
def test_a_year_without_sessions_lists_no_pole_to_call(client, login, db, make_user, make_pole):
    """No session held that year: the page says so, instead of listing every pole as one that came to none."""
    make_pole("Pôle des Monts", region_code="76")
    login(make_user(Role.ORGANISER, region_code="76"))
    html = page_html(client.get("/organisation/bilan?annee=2023"))
    assert "Aucune session collective tenue en 2023." in html
    assert "Pôle des Monts" not in html and "aucune session</h3>" not in html


@pytest.mark.web
def test_no_pole_came_is_said_in_french(client, login, db, year, publish, make_user, make_pole):
    pole = make_pole("Pôle des Monts", region_code="76")
    session = publish()
    services.register(session_id=session.id, user=make_user(pole=pole))
    set_slots_at(db, session, datetime(year, 4, 7, 9))
    login(make_user(Role.ORGANISER, region_code="76"))
    page = _words(client.get(f"/organisation/bilan?annee={year}"))
    assert f"Aucun pôle de la région (1 pôle en tout) n'est venu à une session collective en {year}." in page
    assert "Pôle qui n'est venu à aucune session" in page


@pytest.mark.web
def test_the_regional_table_says_it_counts_the_region_s_own_sessions_in_the_year_shown(
        client, login, db, make_user):
    """An empty year reads « en 2023 », not « cette année », and a CRA reads that the table counts the sessions run
    for its region, the others being further down; no empty table of eight headers on a phone."""
    login(make_user(Role.ORGANISER, region_code="76"))
    html = page_html(client.get("/organisation/bilan?annee=2023"))
    assert "Aucune session collective organisée pour la région tenue en 2023." in html
    assert "cette année" not in html and "<th scope=\"col\">Participations</th>" not in html
    assert 'href="#poles-sessions"' in html and "Ce tableau" not in html  # there is no table to speak of


@pytest.mark.web
def test_the_csv_has_a_row_for_each_pole_and_session(client, login, year, occitanie):
    login(occitanie["cra"])
    lines = client.get(f"/organisation/bilan.csv?annee={year}").get_data(as_text=True).splitlines()
    start = lines.index("Participation des pôles de la région;Session;Type;Début;Périmètre;Personnes inscrites;"
                        "Personnes présentes;Pôle venu")
    rows = [line.split(";") for line in lines[start + 1:lines.index("", start)]]
    assert [(r[0], r[1], r[5], r[6], r[7]) for r in rows] == [
        ("Pôle des Causses", "Modèles socio-économiques", "2", "1", "oui"),
        ("Pôle du Ségala", "Rencontre d'Occitanie", "0", "0", "oui, sans inscription"),
        ("Pôle des Cévennes", "aucune session", "0", "0", "non"),
        ("Pôle du Lauragais", "Mutualiser des emplois", "1", "0", "présences à noter"),
    ]
    assert rows[0][3].startswith(f"10/03/{year}") and rows[0][4] == "Niveau national"


def test_a_person_who_came_then_left_the_site_still_counts(db, year, occitanie):
    """An account deleted since keeps its registration, its person emptied (``ON DELETE SET NULL``): what took place
    stays, the person present is still counted."""
    webinar = occitanie["webinar"]
    came = next(r for r in webinar.registrations if r.attended and r.pole_id == occitanie["came"].id)
    came.user_id = None
    db.commit()
    review = region_participation(viewer=occitanie["cra"], year=year, region_code="76")
    causses = next(p for p in review.poles if p.name == "Pôle des Causses")
    assert (causses.present, causses.registered) == (1, 2)


@pytest.mark.web
def test_an_empty_year_s_csv_says_no_session_was_held(client, login, make_user):
    """The file's first table was a header over nothing: a reader took it for a file cut short."""
    login(make_user(Role.ORGANISER, region_code="76"))
    lines = client.get("/organisation/bilan.csv?annee=2023").get_data(as_text=True).splitlines()
    assert lines[1] == "Aucune session collective organisée pour la région tenue en 2023"



@pytest.mark.web
def test_the_sessions_registered_to_without_presence_read_the_same_in_the_table_and_the_idle_list(
        client, login, db, year, publish, organiser, make_user, make_pole):
    """One list (``registered_only_list`` of ``_bilan_poles.html``) in both places: each session linked, « (présences
    à noter) » after one whose presences nobody noted, commas between them."""
    came, idle = make_pole("Pôle des Causses", region_code="76"), make_pole("Pôle du Lauragais", region_code="76")
    noted, unnoted = publish(title="Modèles socio-économiques"), publish(title="Mutualiser des emplois")
    present, absent = make_user(pole=came), make_user(pole=idle)
    for session in (noted, unnoted):
        for person in (present, absent):
            services.register(session_id=session.id, user=person)
    set_slots_at(db, noted, datetime(year, 3, 10, 9))
    set_slots_at(db, unnoted, datetime(year, 6, 2, 9))
    services.record_attendance(session=noted, organiser=organiser,
                               attended_ids={r.id for r in noted.registrations if r.user_id == present.id})
    login(make_user(Role.ORGANISER, region_code="76"))
    page = page_html(client.get(f"/organisation/bilan?annee={year}"))
    absent_at = f'<a href="/agenda/{noted.id}">Modèles socio-économiques</a>'
    to_note = f'<a href="/agenda/{unnoted.id}">Mutualiser des emplois</a> (présences à noter)'
    assert f'<p class="hint">Inscrit sans être noté présent\u00a0: {to_note}</p></td>' in page
    assert f"Pôle du Lauragais</a> — inscrit à 2\u00a0sessions sans être noté présent\u00a0: {absent_at}, {to_note}</li>" in page


def test_the_region_s_poles_at_national_sessions_are_said_apart_naming_only_its_own(client, login, year, occitanie):
    """A CRA asks whether its poles take part in the national programme besides the sessions it runs: said apart,
    under its own heading, naming its region's poles only (the Auvergne-Rhône-Alpes pole present at the same
    webinar is not named, nor counted)."""
    w = occitanie
    review = region_participation(viewer=w["cra"], year=year, region_code="76")
    assert [s.title for s in review.national_sessions] == ["Modèles socio-économiques", "Mutualiser des emplois"]
    assert [p.name for p in review.national_active] == ["Pôle des Causses"]  # Ségala came to the regional event only

    login(w["cra"])
    page = _words(client.get(f"/organisation/bilan?annee={year}"))
    part = page[page.index("Participation des pôles de la région aux sessions nationales"):]
    part = part[:part.index("Pôles venus et leurs sessions")]
    assert f"Sessions nationales tenues en {year} (webinaires" in part and "Coorace) : 2" in part
    assert "Pôles de la région venus à au moins une : 1 sur 4 pôles — Pôle des Causses" in part
    assert "Personnes de la région : 1 présente sur 3 inscrites" in part
    assert "Livradois" not in page and "Ségala" not in part

    lines = client.get(f"/organisation/bilan.csv?annee={year}").get_data(as_text=True).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Participation des pôles de la région aux sessions"))
    assert lines[at + 1].split(";") == ["", "2", "1", "4", "3", "1"]
