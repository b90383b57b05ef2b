"""New year's night in Paris for the sessions and the Juri-PTCE consultations (the transfers have theirs in
``test_bilan``): a slot at 23 h 30 on 31 December in Paris (22 h 30 UTC) is of the old year, one at 0 h 30 on
1 January (23 h 30 UTC the day before) of the new one."""

from __future__ import annotations

from datetime import datetime

from app.agenda import services
from app.agenda.bilan import bilan
from tests.app.agenda.held import set_slots_at
from tests.app.agenda.test_bilan import _consultation
from models import Role

OLD_YEAR_LAST_HOUR, NEW_YEAR_FIRST_HOUR = datetime(2025, 12, 31, 22, 30), datetime(2025, 12, 31, 23, 30)


def test_sessions_and_consultations_of_new_year_s_night_fall_in_the_paris_year(db, publish, organiser, make_user,
                                                                               make_pole, make_lawyer):
    pole = make_pole(region_code="84")
    person = make_user(Role.FACILITATOR, pole=pole)
    for when in (OLD_YEAR_LAST_HOUR, NEW_YEAR_FIRST_HOUR):
        session = publish(title=f"Session du {when:%d %H:%M}")
        services.register(session_id=session.id, user=person)
        set_slots_at(db, session, when, hours=0.5)
        services.record_attendance(session=session, organiser=organiser,
                                   attended_ids={r.id for r in session.registrations})
        _consultation(db, make_lawyer(), pole, person, when)

    for year in (2025, 2026):
        review = bilan(year=year, now=datetime(2026, 6, 1))
        assert review.overall is not None, year
        assert (review.overall.sessions, review.overall.participations, review.overall.people) == (1, 1, 1), year
        assert (review.one_to_one.legal_bookings, review.one_to_one.legal_poles) == (1, 1), year
