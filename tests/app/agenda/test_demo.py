"""The demo calendar: regional events are for their region's poles, as the CRA intend them."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.agenda.demo import load_demo_calendar
from models import (
    Audience, CollectiveKind, CollectiveRegistration, CollectiveSession, Meeting, OutboxMessage, RegistrationStatus, Role,
    utcnow,
)


def test_regional_events_are_open_to_their_region_and_attended_from_it(db, make_user, make_pole):
    for region in ("76", "84", "53", "11"):
        for _ in range(4):
            make_user(Role.FACILITATOR, pole=make_pole(region_code=region))
    organiser = make_user(Role.ORGANISER, name="Avise")
    assert load_demo_calendar(db, organiser=organiser) > 0
    db.commit()
    assert load_demo_calendar(db, organiser=organiser) == 0  # idempotent
    sessions = list(db.scalars(select(CollectiveSession)))
    regional = [s for s in sessions if s.kind is CollectiveKind.REGIONAL_EVENT]
    assert {s.audience_region_code for s in regional} == {"76", "84"}
    assert all(s.audience is Audience.REGION for s in regional)
    assert all(s.audience is Audience.ALL for s in sessions if s.kind is not CollectiveKind.REGIONAL_EVENT)
    past_regional = db.scalars(select(CollectiveRegistration).join(CollectiveSession)
                               .where(CollectiveSession.kind == CollectiveKind.REGIONAL_EVENT)).all()
    assert past_regional and all(r.user.pole.region_code == r.collective_session.audience_region_code
                                 for r in past_regional)


def test_the_demo_sessions_fall_on_weekdays_whatever_the_day_it_is_loaded(db, make_user):
    # Loaded on a Monday, the sessions in 12, 19, 33 and 61 days would all fall on a Saturday.
    monday = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    monday -= timedelta(days=monday.weekday())
    assert load_demo_calendar(db, organiser=make_user(Role.ORGANISER, name="Avise"), today=monday) > 0
    starts = [m.starts_at.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris")) for m in db.scalars(select(Meeting))]
    assert starts and [s.date() for s in starts if s.weekday() >= 5] == []
    assert {s.date() > monday.date() for s in starts} == {True, False}  # held ones stay held, the others to come


def test_the_demo_has_a_full_session_with_people_waiting(db, make_user, make_pole):
    """A new organiser sees what a waitlist looks like: a small session whose seats are all taken, two people on its
    waitlist, registered through the agenda's services (each told by mail, as on the site)."""
    for n in range(10):
        make_user(Role.FACILITATOR, pole=make_pole(f"Pôle {n}"))
    assert load_demo_calendar(db, organiser=make_user(Role.ORGANISER, name="Coorace")) > 0
    db.commit()
    full = [s for s in db.scalars(select(CollectiveSession)) if s.registrations and s.starts_at > utcnow()]
    by_status = {s.title: Counter(r.status for r in s.registrations) for s in full}
    waiting = {title: seen for title, seen in by_status.items() if seen[RegistrationStatus.WAITLISTED]}
    assert len(waiting) == 1
    (title, seen), = waiting.items()
    workshop = next(s for s in full if s.title == title)
    assert seen == {RegistrationStatus.REGISTERED: workshop.capacity, RegistrationStatus.WAITLISTED: 2}
    told = list(db.scalars(select(OutboxMessage)))
    assert len(told) >= workshop.capacity + 2  # each one told, as the site does
    assert all(mail.sent_at is not None for mail in told)  # mails of the story: none leaves when the site starts
