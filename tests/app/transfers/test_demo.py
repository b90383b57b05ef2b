"""The demo's transfers: every state a visitor should meet, reached through the services, dated in the past,
consistent with what the pages, the follow-up and the bilan count; the demo accounts work together.

The demo is loaded once for the module (it hashes a password per account): the tests only read it, except the
last one, which loads it again and checks that nothing is added.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import create_app
from app.agenda.bilan import bilan
from app.database import seed_reference_data, upgrade_database
from app.demo import load_demo
from app.extensions import db
from app.suggestions.capacity import capacity_left
from app.transfers.demo import load_demo_transfers
from app.transfers.pairing_history import agreed_pairings
from app.transfers.services import COMMITTED_STATUSES, POLE, RESOURCE, all_pairings, facilitators_of, sides_of
from models import (
    ExperienceSheet, FeedbackSide, Meeting, MeetingKind, Need, NeedStatus, Notification, OutboxMessage, Pairing,
    PairingFeedback, PairingStatus, ResourcePerson, User, utcnow,
)
from config import TestConfig

S = PairingStatus
#: The demo is loaded as on a Sunday (today when it is one): counted from it, a day of the stories falls on a
#: Saturday (in 20 days) or a Sunday (35 days ago), unless the loaders move it off the weekend.
LAST_SUNDAY = utcnow().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=(utcnow().weekday() + 1) % 7)
PARIS = ZoneInfo("Europe/Paris")
FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
PERSON = "mireille.castagne@demo.entrepairs.fr"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    root = tmp_path_factory.mktemp("demo")
    app = create_app(TestConfig, DATABASE_URL=f"sqlite:///{root / 'demo.sqlite'}", SERVER_NAME="entrepairs.test",
                     JOBS_RUNNER="inline")
    with app.app_context():
        upgrade_database(db.engine)
        seed_reference_data(db.session)
        load_demo(db.session, today=LAST_SUNDAY)
        yield db.session
        db.session.close()
        db.engine.dispose()


def _pairings(db) -> list[Pairing]:
    return list(db.scalars(select(Pairing).order_by(Pairing.id)))


def test_the_demo_has_a_transfer_in_each_state_of_two_regions(demo):
    pairings = _pairings(demo)
    assert Counter(p.status for p in pairings) == {S.COMPLETED: 2, S.IN_PROGRESS: 2, S.PLANNED: 1, S.DECLINED: 1}
    for region in ("84", "76"):
        cra = demo.scalars(select(User).where(User.region_code == region, User.organisation_id.is_not(None))).one()
        seen = all_pairings(viewer=cra)
        assert seen and {p.need.pole.region_code for p in seen} == {region}
        assert {S.COMPLETED, S.IN_PROGRESS} <= {p.status for p in seen}


def test_each_history_is_a_chain_of_steps_in_the_past(demo):
    now = utcnow()
    for pairing in _pairings(demo):
        assert pairing.need.created_at < pairing.created_at
        events = pairing.events
        assert events[0].from_status is None or events[0].from_status is S.SUGGESTED
        for before, after in zip(events, events[1:]):
            assert after.from_status is before.to_status and before.at <= after.at
        assert events[-1].to_status is pairing.status
        assert pairing.created_at <= events[0].at and pairing.status_changed_at == events[-1].at < now
        assert all(e.actor is not None for e in events)  # every step taken by a person of the demo


def test_a_transfer_of_the_demo_begins_once_its_first_day_is_held(demo):
    """Recording a day already held starts the transfer (``plan_day``): the story never starts one before its day."""
    for pairing in _pairings(demo):
        started = [e.at for e in pairing.events if e.to_status is S.IN_PROGRESS]
        if started:
            assert started[0] >= min(d.session.starts_at for d in pairing.days), pairing.need.title


def test_the_livradois_collective_and_mireille_have_an_agreed_transfer_with_a_day_booked(demo):
    facilitator = demo.scalars(select(User).where(User.email == FACILITATOR)).one()
    person = demo.scalars(select(User).where(User.email == PERSON)).one()
    [together] = [p for p in _pairings(demo) if p.need.pole_id == facilitator.pole_id
                  and p.resource_person.user_id == person.id]
    assert together.status is S.PLANNED and together.status in COMMITTED_STATUSES
    assert sides_of(together, facilitator) == {POLE} and sides_of(together, person) == {RESOURCE}
    [day] = together.days
    assert day.session.starts_at > utcnow()
    assert {p.user_id for p in day.session.participants} == {facilitator.id, person.id}
    assert together.need.status is NeedStatus.IN_PROGRESS
    # The collective's first need stays open, with its suggestions: the request journey starts there.
    first = demo.scalars(select(Need).where(Need.title == "Un collectif qui repose sur quelques bénévoles")).one()
    assert first.status is NeedStatus.OPEN and first.id != together.need_id


def test_agreed_transfers_have_their_pair_their_days_and_their_objectives(demo):
    now = utcnow()
    for pairing in _pairings(demo):
        if pairing.status not in COMMITTED_STATUSES:
            continue
        pair = {u.id for u in facilitators_of(pairing.need.pole_id)} | {pairing.resource_person.user_id}
        assert pairing.days and all({p.user_id for p in d.session.participants} == pair for d in pairing.days)
        past = [d for d in pairing.days if d.session.starts_at <= now]
        if pairing.status is S.PLANNED:
            assert not past
        else:
            assert past and all(d.report_done and d.reported_at > d.session.starts_at for d in past)
        if pairing.status is S.IN_PROGRESS:
            assert any(d.session.starts_at > now for d in pairing.days)  # the next day is booked


def test_a_completed_transfer_is_closed_and_counted_in_the_bilan_of_its_year(demo):
    completed = [p for p in _pairings(demo) if p.status is S.COMPLETED]
    for pairing in completed:
        assert pairing.completed_at is not None and pairing.need.status is NeedStatus.CLOSED
        sides = {f.side for f in demo.scalars(select(PairingFeedback).where(PairingFeedback.pairing_id == pairing.id))}
        assert sides == {FeedbackSide.POLE, FeedbackSide.RESOURCE}
        sheet = demo.scalars(select(ExperienceSheet).where(ExperienceSheet.pairing_id == pairing.id)).one()
        assert sheet.published_at is not None and sheet.pole_agrees and sheet.resource_agrees
    for year in {p.completed_at.year for p in completed}:
        for region in ("84", "76"):
            expected = sum(1 for p in completed if p.completed_at.year == year and p.need.pole.region_code == region)
            assert bilan(year=year, region_code=region).one_to_one.transfers_completed == expected
    # The story is told over the months before the demo is loaded: in January, most of it is last year's. Every
    # year it spans, together, counts each completed transfer once, and the started ones and the sheets.
    years = {p.created_at.year for p in _pairings(demo)} | {p.completed_at.year for p in completed} | {utcnow().year}
    reviews = [bilan(year=year).one_to_one for year in sorted(years)]
    assert sum(r.transfers_completed for r in reviews) == len(completed) >= 1
    assert sum(r.transfers_started for r in reviews) >= 3 and sum(r.experience_sheets for r in reviews) >= 1


def test_the_declined_proposal_says_why_and_rules_the_pair_out(demo):
    [declined] = [p for p in _pairings(demo) if p.status is S.DECLINED]
    assert declined.decision_note and declined.decided_at and declined.need.status is NeedStatus.OPEN


def test_the_ranking_learns_from_the_agreed_transfers_and_nobody_is_over_capacity(demo):
    agreed = [p for p in _pairings(demo) if p.status in COMMITTED_STATUSES]
    assert len(agreed_pairings(demo)) == len(agreed) == 5
    people = list(demo.scalars(select(ResourcePerson)))
    assert min(capacity_left(demo, people).values()) >= 0
    mireille = next(p for p in people if p.user.email == PERSON)
    assert capacity_left(demo, [mireille])[mireille.id] >= 1  # the transfer of last year does not count


def test_the_story_sends_no_mail_and_the_bells_count_what_is_unread(demo):
    assert demo.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))) == 0
    unread = dict(demo.execute(select(Notification.user_id, func.count(Notification.id))
                               .where(Notification.read_at.is_(None)).group_by(Notification.user_id)).all())
    for user in demo.scalars(select(User)):
        assert user.unread_notifications == unread.get(user.id, 0), user.email
    assert unread  # the newest message waits under the bell


def test_loading_again_adds_nothing(demo):
    before = demo.scalar(select(func.count(Pairing.id)))
    assert load_demo_transfers(demo) == 0
    load_demo(demo)
    assert demo.scalar(select(func.count(Pairing.id))) == before


def test_every_meeting_of_the_demo_falls_on_a_weekday_even_loaded_on_a_sunday(demo):
    assert LAST_SUNDAY.weekday() == 6
    meetings = demo.scalars(select(Meeting).where(Meeting.kind.in_((MeetingKind.TRANSFER_DAY, MeetingKind.COLLECTIVE))))
    days = {(m.kind, m.starts_at.replace(tzinfo=UTC).astimezone(PARIS).date()) for m in meetings}
    assert {kind for kind, _ in days} == {MeetingKind.TRANSFER_DAY, MeetingKind.COLLECTIVE}
    assert [(kind, day) for kind, day in days if day.weekday() >= 5] == []
    for pairing in _pairings(demo):  # a day moved to the Friday before is still reported after it was held
        for day in pairing.days:
            assert day.reported_at is None or day.reported_at > day.session.ends_at
