"""Capacity under concurrent registrations and declines (PostgreSQL row locks)."""

from __future__ import annotations

import os
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.visits import services
from models import OutboxMessage, Role, VisitRegistration, VisitRegistrationStatus
from tests.races import together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]


def _in_threads(app, calls):
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        with app.app_context():
            try:
                barrier.wait()
                call()
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def _counts(db, visit_id):
    db.expire_all()
    rows = db.execute(select(VisitRegistration.status, func.count()).where(VisitRegistration.visit_id == visit_id)
                      .group_by(VisitRegistration.status)).all()
    return {status: n for status, n in rows}


def test_concurrent_registrations_never_exceed_capacity(app, db, make_pole, make_user):
    host = make_pole("Hôte", region_code="76")
    make_user(Role.FACILITATOR, pole=host)
    poles = [make_pole(region_code="53") for _ in range(10)]
    users = [make_user(Role.FACILITATOR, pole=p) for p in poles]
    visit = services.create_visit(organiser=make_user(Role.ORGANISER), host=host, title="Tiers-lieux",
                                  theme_text="tiers-lieux", start_date=date.today() + timedelta(days=20),
                                  capacity=3, programme="", place="", invited=poles)
    visit_id = visit.id
    _in_threads(app, [lambda p=p, u=u: services.register(visit_id=visit_id, pole_id=p.id, user=u)
                      for p, u in zip(poles, users)])
    counts = _counts(db, visit_id)
    assert counts == {VisitRegistrationStatus.REGISTERED: 3, VisitRegistrationStatus.WAITLISTED: 7}

    registered = db.scalars(select(VisitRegistration.pole_id).where(
        VisitRegistration.visit_id == visit_id, VisitRegistration.status == VisitRegistrationStatus.REGISTERED)).all()
    by_pole = dict(zip((p.id for p in poles), users))
    _in_threads(app, [lambda pid=pid: services.decline(visit_id=visit_id, pole_id=pid, user=by_pole[pid])
                      for pid in registered]
                + [lambda pid=pid: services.decline(visit_id=visit_id, pole_id=pid, user=by_pole[pid])
                   for pid in registered])  # every decline clicked twice at once
    counts = _counts(db, visit_id)
    assert counts == {VisitRegistrationStatus.WITHDRAWN: 3, VisitRegistrationStatus.REGISTERED: 3,
                      VisitRegistrationStatus.WAITLISTED: 4}
    promoted = db.scalar(select(func.count()).where(OutboxMessage.key.contains(":promoted:")))
    assert promoted == 3


def test_the_same_form_sent_at_once_creates_one_visit_and_invites_once(app, db, make_pole, make_user):
    from app.extensions import db as db_ext
    from models import LearningVisit, Pole, User

    host = make_pole("Hôte", region_code="76")
    make_user(Role.FACILITATOR, pole=host)
    guests = [make_pole(region_code="84") for _ in range(3)]
    for pole in guests:
        make_user(Role.FACILITATOR, pole=pole)
    organiser = make_user(Role.ORGANISER)
    ids = (organiser.id, host.id, [p.id for p in guests])
    made: list[int] = []

    def send():
        me, at = db_ext.session.get(User, ids[0]), db_ext.session.get(Pole, ids[1])
        made.append(services.create_visit(
            organiser=me, host=at, title="Tiers-lieux en friche", theme_text="", start_date=date.today()
            + timedelta(days=30), capacity=3, programme="", place="", idempotency_key="cle-partagee",
            invited=[db_ext.session.get(Pole, i) for i in ids[2]]).id)

    _in_threads(app, [send] * 6)
    db.expire_all()
    assert len(set(made)) == 1 and db.scalar(select(func.count(LearningVisit.id))) == 1
    invitations = [k for k in db.scalars(select(OutboxMessage.key)) if ":invitation:" in k]
    assert len(invitations) == len(guests), invitations


def test_the_national_team_and_the_host_region_cra_noting_presences_at_once(app, db, network, make_visit, make_user):
    """Both opened the sheet before either saved: one save is kept, the other is told (« Les présences de la
    visite ont été modifiées … ») with nothing written — never a mix of the two sheets, nor an error page."""
    from app.edit_stamps import EditConflict, opened_token
    from app.extensions import db as db_ext
    from app.visits import attendance
    from models import LearningVisit, User
    from tests.app.visits.test_attendance import HOST_REGION, _marks, _registered_visit

    visit = _registered_visit(db, network, make_visit, past=True)
    cra = make_user(Role.ORGANISER, region_code=HOST_REGION)
    visit_id = visit.id
    first, second = (p.id for p in network.poles[:2])
    sheets = {"national": (network.organiser.id, {first: 2}), "cra": (cra.id, {first: 3, second: 4})}

    def note(who: str):
        def call():
            user_id, people = sheets[who]
            at = db_ext.session.get(LearningVisit, visit_id)
            return attendance.record_attendance(visit=at, organiser=db_ext.session.get(User, user_id),
                                                marks=_marks(at, people), opened=opened)
        return call

    for _ in range(3):  # each round from a sheet nobody saved
        for registration in db.scalars(select(VisitRegistration).filter_by(visit_id=visit_id)):
            registration.attended = registration.people_present = None
        db.commit()
        opened = opened_token(attendance.ATTENDANCE_EDIT, db.get(LearningVisit, visit_id))
        outcomes = together(app, {who: note(who) for who in sheets})
        kept = [who for who, said in outcomes.items() if isinstance(said, attendance.Turnout)]
        assert len(kept) == 1 and all(isinstance(said, EditConflict) for who, said in outcomes.items()
                                      if who not in kept), outcomes
        db.expire_all()
        noted = {r.pole_id: r.people_present for r in db.scalars(select(VisitRegistration).where(
            VisitRegistration.visit_id == visit_id, VisitRegistration.attended.is_(True)))}
        assert noted == sheets[kept[0]][1], (kept, noted)


def test_a_host_proposal_sent_at_once_by_six_requests_is_made_and_told_once(app, db, hosting_world):
    """A double click (or two tabs of one form) arriving at the same instant: one proposal, each organiser told
    once — neither two proposals to decide on, nor an error page for the click that lost the race."""
    from app.extensions import db as db_ext
    from app.visits import hosting
    from models import Pole, User, VisitHostProposal
    from tests.app.visits.hosting_world import proposal_data

    pole_id, author_id = hosting_world.pole.id, hosting_world.facilitator.id

    def send():
        return hosting.propose_hosting(pole=db_ext.session.get(Pole, pole_id),
                                       author=db_ext.session.get(User, author_id), data=proposal_data(),
                                       idempotency_key="cle-partagee").id

    outcomes = together(app, {f"envoi {n}": send for n in range(6)})
    assert len(set(outcomes.values())) == 1 and all(isinstance(o, int) for o in outcomes.values()), outcomes
    db.expire_all()
    assert db.scalar(select(func.count(VisitHostProposal.id))) == 1
    told = [k for k in db.scalars(select(OutboxMessage.key)) if k.startswith("host-proposal:")]
    assert len(told) == len(set(told)) > 0, told
