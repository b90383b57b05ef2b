"""Two phones save the attendance sheet of a national day at the same instant (PostgreSQL, two sessions in two
threads): each save records its own ticks, none undoes the other's, and a person ticked on both is thanked once."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.agenda import queries, services
from app.extensions import db as db_ext
from models import CollectiveRegistration, CollectiveSession, OutboxMessage, Role, User, utcnow
from tests.app.agenda.held import set_slots_at
from tests.app.agenda.test_concurrency import _race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]


def _phone(session_id: int, organiser_id: int, ticked: set[int], shown: set[int]):
    """A save as the view makes it: the sheet read first (its presences as they were), then the service."""

    def save() -> None:
        session = db_ext.session.get(CollectiveSession, session_id)
        queries.registrations(session)  # loaded before the lock, as the page does: must not be what the save reads
        services.record_attendance(session=session, organiser=db_ext.session.get(User, organiser_id),
                                   attended_ids=ticked, shown_present=shown)

    return save


@pytest.mark.parametrize("over", [False, True])
def test_two_phones_saving_at_once_keep_both_arrivals_and_thank_once(app, db, publish, organiser, make_user,
                                                                     make_pole, over):
    session = publish()
    seats = [services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole()))
             for _ in range(4)]
    start = utcnow() - (timedelta(hours=3) if over else timedelta(minutes=30))
    set_slots_at(db, session, start)
    alice, bob, carol, dan = (r.id for r in seats)
    other = make_user(Role.ORGANISER, name="Avise")
    for _ in range(3):  # a few rounds: the race is won by either phone
        assert _race(app, [_phone(session.id, organiser.id, {alice, carol}, set()),
                           _phone(session.id, other.id, {bob, carol}, set())]) == []
        db.expire_all()
        states = [db.get(CollectiveRegistration, i).attended for i in (alice, bob, carol, dan)]
        assert states == [True, True, True, False if over else None]
        for seat in (alice, bob, carol):
            assert db.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.key.like(f"agenda:%:registration:{seat}:%:thanks"),
                OutboxMessage.cancelled_at.is_(None))) == 1


def test_of_two_phones_saving_at_once_the_second_says_the_first_came_in_between(app, db, publish, organiser,
                                                                                 make_user, make_pole):
    """Both sheets drawn at the same count of saves: whichever save takes the stamp's lock second merged with the
    other's, and only that one says so (``door_saves``)."""
    from app.agenda import door_saves
    from tests.races import together

    session = publish()
    alice, bob = (services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole())).id
                  for _ in range(2))
    set_slots_at(db, session, utcnow() - timedelta(minutes=30))
    other_id, organiser_id, session_id = make_user(Role.ORGANISER, name="Avise").id, organiser.id, session.id
    drawn = door_saves.drawn_version(session)

    def phone(who: int, ticked: int):
        return lambda: door_saves.save_sheet(
            session=db_ext.session.get(CollectiveSession, session_id), organiser=db_ext.session.get(User, who),
            drawn=drawn, attended_ids={ticked}, shown_present=set()).others_noted

    outcomes = together(app, {"A": phone(organiser_id, alice), "B": phone(other_id, bob)})
    assert sorted(outcomes.values()) == [False, True], outcomes
