"""One rule for « a participation » in the review: a place (status « inscrit·e », or a walk-in pole) noted present.
The sessions' table and the region's pole participation read it alike: a row marked present while it is on the
waitlist or unregistered (written by hand, or by an older version) is no participation in either."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from app.agenda import services
from app.agenda.bilan import bilan
from app.agenda.pole_participation import region_participation
from tests.app.agenda.held import set_slots_at
from models import RegistrationStatus, Role, utcnow


def test_a_waitlisted_or_unregistered_row_marked_present_is_no_participation(db, publish, organiser, make_user,
                                                                            make_pole):
    year = utcnow().year - 1
    poles = [make_pole(region_code="84") for _ in range(3)]
    people = [make_user(Role.FACILITATOR, pole=pole) for pole in poles]
    session = publish()
    for person in people:
        services.register(session_id=session.id, user=person)
    set_slots_at(db, session, datetime(year, 4, 10, 9))
    services.record_attendance(session=session, organiser=organiser,
                               attended_ids={r.id for r in session.registrations})
    waiting, gone = session.registrations[1], session.registrations[2]
    waiting.status, gone.status = RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED
    db.commit()

    counted = db.execute(text("""SELECT count(*), count(DISTINCT user_id), count(DISTINCT pole_id)
                                 FROM collective_registrations WHERE attended AND status = 'registered'""")).one()
    overall = bilan(year=year).overall
    assert overall is not None and (overall.participations, overall.people, overall.ptce) == tuple(counted) == (1, 1, 1)
    region = region_participation(viewer=organiser, year=year, region_code="84")
    assert [p.pole_id for p in region.active] == [poles[0].id]
    assert region.sessions[0].poles_present_all == overall.ptce
