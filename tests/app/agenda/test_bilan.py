"""The yearly review's figures equal counts taken directly in SQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from app.agenda import cancellation, services
from app.agenda.bilan import NATIONAL, bilan
from tests.app.agenda.held import set_slots_at
from tests.app.html_parts import page_html
from models import (
    Booking, BookingStatus, CollectiveKind, ExperienceSheet, LearningVisit, LegalSlot, Meeting, MeetingKind,
    MeetingStatus, Need, NeedKind, Pairing, PairingStatus, Role, VisitRegistration, VisitRegistrationStatus, utcnow,
)


def _past(db, session, when: datetime) -> None:
    set_slots_at(db, session, when)


def test_bilan_figures_equal_sql_counts(db, publish, organiser, make_user, make_pole):
    year = utcnow().year - 1  # a whole year already over
    poles = [make_pole(region_code="84"), make_pole(region_code="53"), make_pole(region_code="84")]
    people = [make_user(Role.FACILITATOR, pole=p) for p in poles] + [make_user(Role.FACILITATOR, pole=poles[0])]
    cra = make_user(Role.ORGANISER, region_code="84")
    webinar = publish()
    regional = publish(by=cra, kind=CollectiveKind.REGIONAL_EVENT, online=False, place="Lyon", video_url=None)
    cancelled = publish()
    for person in people:
        services.register(session_id=webinar.id, user=person)
    for person in people[:2]:
        services.register(session_id=regional.id, user=person)
    cancellation.cancel(session=cancelled, organiser=organiser)
    _past(db, webinar, datetime(year, 3, 10, 9))
    _past(db, regional, datetime(year, 5, 10, 9))
    _past(db, cancelled, datetime(year, 6, 10, 9))
    services.record_attendance(session=webinar, organiser=organiser,
                               attended_ids={r.id for r in webinar.registrations[:3]})
    services.record_attendance(session=regional, organiser=cra, attended_ids={r.id for r in regional.registrations},
                               walk_in_pole_ids=[poles[2].id])

    review = bilan(year=year)
    by_kind = {t.kind: t for t in review.totals}
    sql = """
        SELECT count(DISTINCT s.id), count(r.id), count(DISTINCT r.user_id), count(DISTINCT r.pole_id)
        FROM collective_sessions s
        LEFT JOIN collective_registrations r ON r.collective_session_id = s.id AND r.attended
        WHERE s.kind = :kind AND s.cancelled_at IS NULL
    """
    for kind in (CollectiveKind.WEBINAR, CollectiveKind.REGIONAL_EVENT):
        expected = tuple(db.execute(text(sql), {"kind": kind.value}).one())
        row = by_kind[kind]
        assert (row.sessions, row.participations, row.people, row.ptce) == expected
    assert by_kind[CollectiveKind.WEBINAR].participations == 3
    assert by_kind[CollectiveKind.REGIONAL_EVENT].participations == 3  # two people and a walk-in pole
    assert by_kind[CollectiveKind.REGIONAL_EVENT].ptce == 3
    scopes = {(r.kind, r.scope) for r in review.rows}
    assert (CollectiveKind.WEBINAR, NATIONAL) in scopes

    # Every kind together: people and PTCE who came to both kinds count once.
    everything = """
        SELECT count(DISTINCT s.id), count(r.id), count(DISTINCT r.user_id), count(DISTINCT r.pole_id)
        FROM collective_sessions s
        LEFT JOIN collective_registrations r ON r.collective_session_id = s.id AND r.attended
        WHERE s.cancelled_at IS NULL
    """
    overall = review.overall
    assert overall is not None and overall.kind is None and overall.label == "Toutes les sessions"
    assert (overall.sessions, overall.participations, overall.people, overall.ptce) == tuple(
        db.execute(text(everything)).one())
    assert overall.people < sum(t.people for t in review.totals)  # two people came to both

    regional_review = bilan(year=year, region_code="84")
    assert [t.kind for t in regional_review.totals] == [CollectiveKind.REGIONAL_EVENT]
    assert bilan(year=year - 1).totals == [] and bilan(year=year - 1).overall is None
    publish(title="Pas encore tenue")  # an upcoming session is not counted yet
    assert bilan(year=utcnow().year).totals == []


def test_a_completed_transfer_counts_in_the_year_of_its_completion_not_of_its_last_edit(
        db, make_user, make_pole, make_resource_person):
    year = utcnow().year - 1
    pole = make_pole(region_code="84")
    author = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=author, title="Structurer la coopération", text="Un besoin.",
                kind=NeedKind.TRANSFER)
    db.add(need)
    completed = datetime(year, 11, 20, 10)
    pairing = Pairing(need=need, resource_person=make_resource_person(), status=PairingStatus.COMPLETED,
                      created_at=datetime(year, 3, 1), status_changed_at=completed, completed_at=completed,
                      updated_at=completed)
    db.add(pairing)
    db.commit()
    pairing.decision_note = "Une note ajoutée l'année suivante."  # any later edit bumps updated_at
    db.commit()
    assert pairing.updated_at.year == utcnow().year

    sql = """SELECT count(*) FROM pairings WHERE status = 'completed'
             AND completed_at >= :start AND completed_at < :end"""
    for y in (year, year + 1):
        expected = db.execute(text(sql), {"start": datetime(y, 1, 1), "end": datetime(y + 1, 1, 1)}).scalar()
        assert bilan(year=y).one_to_one.transfers_completed == expected
        assert bilan(year=y, region_code="84").one_to_one.transfers_completed == expected
    assert bilan(year=year).one_to_one.transfers_completed == 1
    assert bilan(year=year + 1).one_to_one.transfers_completed == 0


#: The fixed clock of the review tests: mid-June, half the year held, half to come.
NOW = datetime(2026, 6, 15, 12, 0)


def _visit(db, host, when: datetime, registered: list, *, cancelled: bool = False) -> LearningVisit:
    day_one = Meeting(kind=MeetingKind.VISIT_DAY, title="Visite — jour 1", starts_at=when,
                      ends_at=when + timedelta(hours=7),
                      status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.SCHEDULED)
    visit = LearningVisit(title="Tiers-lieux", host_pole=host, start_date=when.date(), capacity=5, day_one=day_one,
                          registrations=[VisitRegistration(pole=p, status=VisitRegistrationStatus.REGISTERED)
                                         for p in registered])
    db.add(visit)
    db.commit()
    return visit


def _consultation(db, lawyer, pole, booker, when: datetime, *, status=BookingStatus.CONFIRMED) -> Booking:
    meeting = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Créneau Juri-PTCE", starts_at=when,
                      ends_at=when + timedelta(minutes=45))
    booking = Booking(slot=LegalSlot(lawyer=lawyer, session=meeting, starts_at=when), pole=pole, booker=booker,
                      question="Une question.", question_key=f"{when:%Y%m%d%H}", status=status,
                      idempotency_key=f"cle-{when:%Y%m%d%H}")
    db.add(booking)
    db.commit()
    return booking


def test_the_review_counts_what_was_held_by_now_and_shows_what_is_to_come_apart(
        db, publish, organiser, make_user, make_pole, make_lawyer):
    """Walk #24: booked consultations and planned visits of the year were counted as held; a review
    counts what took place by its moment (``now``), the rest of the year is « à venir », not « réalisé »."""
    host, a, b, c = (make_pole(region_code="76") for _ in range(4))
    _visit(db, host, datetime(2026, 3, 10, 8), [a, b])           # held
    _visit(db, host, NOW - timedelta(hours=1), [c])               # begun an hour ago: held
    _visit(db, host, datetime(2026, 10, 6, 8), [c])               # to come
    _visit(db, host, datetime(2026, 4, 2, 8), [c], cancelled=True)  # cancelled: neither
    _visit(db, host, datetime(2025, 11, 4, 8), [a])               # another year
    lawyer, booker = make_lawyer(), make_user()
    _consultation(db, lawyer, a, booker, datetime(2026, 2, 3, 13))   # held
    _consultation(db, lawyer, a, booker, datetime(2026, 5, 5, 13))   # held, same pole
    _consultation(db, lawyer, b, booker, datetime(2026, 11, 3, 13))  # to come
    _consultation(db, lawyer, c, booker, datetime(2026, 1, 6, 13), status=BookingStatus.CANCELLED)
    held, to_come = publish(title="Tenue en mars"), publish(title="Prévue en septembre")
    _past(db, held, datetime(2026, 3, 3, 9))
    _past(db, to_come, datetime(2026, 9, 8, 9))  # already « past » for the real clock of late 2026

    review = bilan(year=2026, now=NOW)
    o = review.one_to_one
    assert (o.visits_held, o.visiting_poles, o.visits_to_come) == (2, 3, 1)
    assert (o.legal_bookings, o.legal_poles, o.legal_bookings_to_come) == (2, 1, 1)
    assert [(t.kind, t.sessions) for t in review.totals] == [(CollectiveKind.WEBINAR, 1)]

    later = bilan(year=2026, now=datetime(2027, 1, 2)).one_to_one  # once the year is over, all were held
    assert (later.visits_held, later.visiting_poles, later.visits_to_come) == (3, 3, 0)
    assert (later.legal_bookings, later.legal_poles, later.legal_bookings_to_come) == (3, 2, 0)
    assert bilan(year=2026, now=datetime(2027, 1, 2)).totals[0].sessions == 2


def test_meeting_held_by_is_one_rule_in_python_and_in_sql(db):
    """``Meeting.held_by``: not cancelled and begun at ``now`` — the same answer for an object and in SQL."""
    from sqlalchemy import select

    meetings = [Meeting(kind=MeetingKind.OTHER, title=title, starts_at=start, ends_at=start + timedelta(hours=1),
                        status=status)
                for title, start, status in (
                    ("passée", NOW - timedelta(days=1), MeetingStatus.SCHEDULED),
                    ("commencée", NOW, MeetingStatus.SCHEDULED),
                    ("à venir", NOW + timedelta(minutes=1), MeetingStatus.SCHEDULED),
                    ("annulée", NOW - timedelta(days=1), MeetingStatus.CANCELLED),
                    ("annulée à venir", NOW + timedelta(days=1), MeetingStatus.CANCELLED))]
    db.add_all(meetings)
    db.commit()
    assert [m.title for m in meetings if m.held_by(NOW)] == ["passée", "commencée"]
    assert [m.title for m in meetings if m.to_come_after(NOW)] == ["à venir"]
    assert list(db.scalars(select(Meeting.title).where(Meeting.held_by(NOW)).order_by(Meeting.id))) == [
        "passée", "commencée"]
    assert list(db.scalars(select(Meeting.title).where(Meeting.to_come_after(NOW)))) == ["à venir"]


def test_the_review_page_says_held_and_to_come_apart(client, db, login, monkeypatch, make_user, make_pole,
                                                      make_lawyer):
    """The page names what it counts (« réalisées », « tenus ») and shows the rest of the year apart."""
    monkeypatch.setattr("app.agenda.bilan.utcnow", lambda: NOW)  # the review's clock, fixed
    host, pole = make_pole(region_code="76"), make_pole(region_code="76")
    _visit(db, host, datetime(2026, 12, 14, 8), [pole])
    lawyer = make_lawyer()
    _consultation(db, lawyer, pole, make_user(), NOW - timedelta(minutes=1))
    _consultation(db, lawyer, pole, make_user(), datetime(2026, 12, 31, 13))
    login(make_user(Role.ORGANISER))
    page = page_html(client.get("/organisation/bilan?annee=2026"))
    assert "Rendez-vous Juri-PTCE tenus\u00a0: 1\u00a0;" in page
    assert "hors bilan\u00a0: 1\u00a0rendez-vous réservé" in page
    assert "Visites apprenantes réalisées\u00a0: aucune" in page and "pôles inscrits" not in page
    assert "hors bilan\u00a0: 1\u00a0visite" in page


def test_the_review_counts_the_activity_of_confirmed_poles_only(db, publish, organiser, make_user, make_pole,
                                                                 make_lawyer, make_resource_person):
    """``policy.counted_in_figures``: a pole awaiting confirmation is not yet part of the network. Its transfers,
    experience sheets, visits (hosted or attended), consultations are in no figure of the review, and it is not
    one of a session's PTCE; the same activity of a confirmed pole is counted (its facilitator's attendance too)."""
    member, waiting = make_pole(region_code="84"), make_pole(region_code="84", confirmed=False)
    other_member = make_pole(region_code="84")
    lawyer = make_lawyer()
    webinar = publish()
    for pole, hour in ((member, 9), (waiting, 10)):
        facilitator, person = make_user(Role.FACILITATOR, pole=pole), make_resource_person()
        need = Need(pole=pole, author=facilitator, title="Structurer la coopération", text="Un besoin.",
                    kind=NeedKind.TRANSFER)
        pairing = Pairing(need=need, resource_person=person, status=PairingStatus.COMPLETED,
                          created_at=datetime(2026, 2, 1), completed_at=datetime(2026, 5, 1))
        db.add_all([need, pairing, ExperienceSheet(pairing=pairing, title="Fiche", situation="s", transferred="t",
                                                   published_at=datetime(2026, 5, 2))])
        db.commit()
        _visit(db, pole, datetime(2026, 3, 10, hour), [other_member])        # hosted by the pole
        _visit(db, other_member, datetime(2026, 4, 10, hour), [pole])        # the pole registered
        _consultation(db, lawyer, pole, facilitator, datetime(2026, 2, 3, 10 + hour))
        services.register(session_id=webinar.id, user=facilitator)
    _past(db, webinar, datetime(2026, 3, 3, 9))
    services.record_attendance(session=webinar, organiser=organiser,
                               attended_ids={r.id for r in webinar.registrations})

    review = bilan(year=2026, now=NOW)
    o = review.one_to_one
    assert (o.transfers_started, o.transfers_completed, o.experience_sheets) == (1, 1, 1)
    # Visits held: those hosted by the two members (the waiting pole registered to one of them: the visit counts,
    # its registration does not), not the one hosted by the waiting pole; visiting poles: both members.
    assert (o.visits_held, o.visiting_poles) == (3, 2)
    assert (o.legal_bookings, o.legal_poles) == (1, 1)
    [row] = review.totals
    assert (row.participations, row.people, row.ptce) == (2, 2, 1)  # both came; one PTCE of the network
    assert bilan(year=2026, region_code="84", now=NOW).one_to_one == o

    waiting.confirmed_at = utcnow()  # once confirmed, its activity counts like any member's
    db.commit()
    o = bilan(year=2026, now=NOW).one_to_one
    assert (o.transfers_started, o.transfers_completed, o.experience_sheets) == (2, 2, 2)
    assert (o.visits_held, o.visiting_poles, o.legal_bookings, o.legal_poles) == (4, 3, 2, 2)
    assert bilan(year=2026, now=NOW).totals[0].ptce == 2


def test_the_review_s_year_is_the_year_in_paris(client, login, monkeypatch, db, make_user, make_pole,
                                                 make_resource_person):
    """New year's night: a transfer completed at 23 h 30 on 31 December in Paris (22 h 30 UTC) is of the old year,
    one completed at 0 h 30 on 1 January (23 h 30 UTC on 31 December) of the new one; the page opens on the year
    just ended until the end of January in Paris."""
    pole = make_pole(region_code="84")
    author = make_user(Role.FACILITATOR, pole=pole)
    for completed in (datetime(2026, 12, 31, 22, 30), datetime(2026, 12, 31, 23, 30)):
        person = make_resource_person()
        need = Need(pole=pole, author=author, title="Structurer la coopération", text="Un besoin.",
                    kind=NeedKind.TRANSFER)
        db.add_all([need, Pairing(need=need, resource_person=person, status=PairingStatus.COMPLETED,
                                  created_at=datetime(2026, 3, 1), completed_at=completed)])
    db.commit()
    assert bilan(year=2026).one_to_one.transfers_completed == 1
    assert bilan(year=2027).one_to_one.transfers_completed == 1

    # The page opens on the year just ended all through January (Paris), then on the current year.
    login(make_user(Role.ORGANISER))
    for now, opens_on in ((datetime(2026, 12, 31, 23, 30), 2026), (datetime(2027, 1, 31, 22, 30), 2026),
                          (datetime(2027, 1, 31, 23, 30), 2027), (datetime(2026, 12, 31, 22, 30), 2026)):
        monkeypatch.setattr("app.templating.utcnow", lambda now=now: now)
        assert f"<h1>Bilan {opens_on} des actions collectives" in page_html(client.get("/organisation/bilan")), now
