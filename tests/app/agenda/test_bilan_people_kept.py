"""A person who came to sessions and then deleted their account stays one person of the review (« le bilan et les
statistiques ne changent pas après un départ »): their participations were kept, the people count too."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from app.agenda import services
from app.agenda.bilan import bilan
from app.privacy.services import delete_account
from tests.app.agenda.held import set_slots_at
from models import CollectiveKind, Role, utcnow


def test_a_departed_attendee_is_still_one_person_of_the_review(db, publish, organiser, make_user, make_pole):
    year = utcnow().year - 1
    pole = make_pole(region_code="84")
    leaver, stayer = make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=make_pole())
    walk_in_pole = make_pole(region_code="84")
    sessions = [publish(), publish(title="Deuxième webinaire"),
                publish(kind=CollectiveKind.REGIONAL_EVENT, online=False, place="Lyon", video_url=None)]
    for n, session in enumerate(sessions):
        for person in (leaver, stayer):
            services.register(session_id=session.id, user=person)
        set_slots_at(db, session, datetime(year, 3 + n, 10, 9))
        services.record_attendance(session=session, organiser=organiser,
                                   attended_ids={r.id for r in session.registrations},
                                   walk_in_pole_ids=[walk_in_pole.id] if n == 0 else [])
    before = bilan(year=year)
    assert before.overall is not None and (before.overall.participations, before.overall.people) == (7, 2)

    delete_account(db, user=leaver)
    db.expire_all()

    after = bilan(year=year)
    assert after.rows == before.rows and after.totals == before.totals and after.overall == before.overall
    # Counted independently: the people still there, plus the one who left (their rows, walk-ins apart).
    people = db.execute(text("""SELECT count(DISTINCT user_id) FROM collective_registrations
                                WHERE attended AND user_id IS NOT NULL""")).scalar()
    departed = db.execute(text("""SELECT count(*) > 0 FROM collective_registrations
                                  WHERE attended AND user_id IS NULL AND NOT walk_in""")).scalar()
    assert after.overall is not None and after.overall.people == people + departed == 2
