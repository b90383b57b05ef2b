"""The yearly review's figures equal counts taken directly in SQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from app.agenda import services
from app.agenda.bilan import NATIONAL, bilan
from models import CollectiveKind, Need, NeedKind, Pairing, PairingStatus, Role, utcnow


def _past(db, session, when: datetime) -> None:
    for slot in session.slots:
        slot.starts_at, slot.ends_at = when, when + timedelta(hours=2)
    db.commit()


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
    services.cancel(session=cancelled, organiser=organiser)
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

    regional_review = bilan(year=year, region_code="84")
    assert [t.kind for t in regional_review.totals] == [CollectiveKind.REGIONAL_EVENT]
    assert bilan(year=year - 1).totals == []
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
