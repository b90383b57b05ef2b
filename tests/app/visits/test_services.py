"""Visits: creation, registration with capacity and waitlist, sessions, notifications, feedback."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.refused import Refused
from app.transactions import unit_of_work
from app.visits import services
from models import (
    OutboxMessage, ParticipantRole, Role, Meeting, MeetingKind, VisitRegistrationStatus,
)

REGISTERED = VisitRegistrationStatus.REGISTERED
WAITLISTED = VisitRegistrationStatus.WAITLISTED
DECLINED = VisitRegistrationStatus.DECLINED
WITHDRAWN = VisitRegistrationStatus.WITHDRAWN


def _status(db, visit, pole):
    db.expire_all()
    return services.registration_of(visit, pole.id).status


def test_create_visit_makes_two_visit_days_in_host_zone(db, network, make_visit):
    visit = make_visit()
    days = db.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
    assert [d.kind for d in days] == [MeetingKind.VISIT_DAY, MeetingKind.VISIT_DAY]
    paris_nine = datetime.combine(visit.start_date, time(9, 0), tzinfo=ZoneInfo("Europe/Paris"))
    assert days[0].starts_at == paris_nine.astimezone(UTC).replace(tzinfo=None)
    assert (days[1].starts_at.date() - days[0].starts_at.date()).days == 1
    assert {p.user_id: p.role for p in days[0].participants} == {
        network.host_facilitator.id: ParticipantRole.HOST}
    assert all(d.ical_sequence == 0 for d in days)


def test_create_visit_sends_one_invitation_per_facilitator(db, network, make_visit):
    visit = make_visit()
    keys = db.scalars(select(OutboxMessage.key)).all()
    invitations = [k for k in keys if ":invitation:" in k]
    assert len(invitations) == 3 and [k for k in keys if k not in invitations] == [  # and the host is told
        f"visit:{visit.id}:host:{network.host.id}:user:{network.host_facilitator.id}"]


def test_invitation_links_to_the_visit_under_public_base_url(app, db, network, make_visit):
    app.config["PUBLIC_BASE_URL"] = "https://entrepairs.example.org"
    visit = make_visit()
    bodies = db.scalars(select(OutboxMessage.body)).all()
    assert bodies and all(f"https://entrepairs.example.org/visites/{visit.id}\n" in body for body in bodies)


@pytest.mark.parametrize("problem, kwargs", [
    ("host invited", {"invited": "host"}),
    ("past date", {"start": date.today()}),
    ("nobody invited", {"invited": []}),
])
def test_create_visit_refuses_invalid(network, make_visit, problem, kwargs):
    if kwargs.get("invited") == "host":
        kwargs = {"invited": [network.host, *network.poles]}
    with pytest.raises(services.VisitError):
        make_visit(**kwargs)


def test_register_within_capacity_then_waitlist(db, network, make_visit):
    visit = make_visit(capacity=2)
    a, b, c = network.poles
    users = network.facilitators
    for pole, user in zip((a, b, c), users):
        services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    assert [_status(db, visit, p) for p in (a, b, c)] == [REGISTERED, REGISTERED, WAITLISTED]
    assert services.registered_count(visit.id) == 2


def test_register_twice_is_idempotent(db, network, make_visit):
    visit = make_visit(capacity=2)
    pole, user = network.poles[0], network.facilitators[0]
    services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    assert services.registered_count(visit.id) == 1
    assert len([k for k in db.scalars(select(OutboxMessage.key)) if k.endswith(f"registered:user:{user.id}")]) == 1


def test_registered_pole_becomes_participant_of_both_days(db, network, make_visit):
    visit = make_visit(capacity=2)
    pole, user = network.poles[0], network.facilitators[0]
    services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    db.expire_all()
    for day in visit.sessions:
        assert {p.user_id for p in day.participants} == {user.id, network.host_facilitator.id}
        assert day.ical_sequence == 1


def test_decline_promotes_first_waitlisted_exactly_once(db, network, make_visit):
    visit = make_visit(capacity=1)
    a, b, c = network.poles
    ua, ub, uc = network.facilitators
    services.register(visit_id=visit.id, pole_id=a.id, user=ua)
    services.register(visit_id=visit.id, pole_id=b.id, user=ub)
    services.register(visit_id=visit.id, pole_id=c.id, user=uc)
    promoted = services.decline(visit_id=visit.id, pole_id=a.id, user=ua)
    assert promoted is not None and promoted.pole_id == b.id
    assert services.decline(visit_id=visit.id, pole_id=a.id, user=ua) is None  # second click: nothing
    assert [_status(db, visit, p) for p in (a, b, c)] == [WITHDRAWN, REGISTERED, WAITLISTED]
    db.expire_all()
    assert {p.user_id for p in visit.day_one.participants} == {ub.id, network.host_facilitator.id}
    promoted_mails = [k for k in db.scalars(select(OutboxMessage.key)) if k.endswith(f"promoted:user:{ub.id}")]
    assert len(promoted_mails) == 1


def test_waitlisted_decline_promotes_nobody(db, network, make_visit):
    visit = make_visit(capacity=1)
    a, b, c = network.poles
    ua, ub, uc = network.facilitators
    for pole, user in ((a, ua), (b, ub), (c, uc)):
        services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    assert services.decline(visit_id=visit.id, pole_id=b.id, user=ub) is None
    assert [_status(db, visit, p) for p in (a, b, c)] == [REGISTERED, WITHDRAWN, WAITLISTED]


def test_declining_the_invitation_is_not_withdrawing(db, network, make_visit):
    """A pole that never asked for a place declines; one that had a place, or was waiting for one, withdraws:
    organisers, the pole and the statistics read two different answers."""
    visit = make_visit(capacity=1)
    a, b, c = network.poles
    ua, ub, uc = network.facilitators
    services.register(visit_id=visit.id, pole_id=a.id, user=ua)
    services.register(visit_id=visit.id, pole_id=b.id, user=ub)
    for pole, user in ((a, ua), (b, ub), (c, uc)):
        services.decline(visit_id=visit.id, pole_id=pole.id, user=user)
    assert [_status(db, visit, p) for p in (a, b, c)] == [WITHDRAWN, WITHDRAWN, DECLINED]
    assert WITHDRAWN.label == "Désistement après inscription" and DECLINED.label == "A décliné l'invitation"
    counts = services.counts(visit)
    assert (counts.registered, counts.declined, counts.withdrawn) == (0, 1, 2)
    # b had been promoted to a's place before withdrawing: the promotion mail went out once, and b is in no day
    assert len([k for k in db.scalars(select(OutboxMessage.key)) if k.endswith(f"promoted:user:{ub.id}")]) == 1
    db.expire_all()
    assert {p.user_id for p in visit.day_one.participants} == {network.host_facilitator.id}


def test_a_pole_that_withdrew_may_register_again_and_is_left_out_of_its_record(db, network, make_visit):
    visit = make_visit(capacity=2)
    a, ua = network.poles[0], network.facilitators[0]
    services.register(visit_id=visit.id, pole_id=a.id, user=ua)
    services.decline(visit_id=visit.id, pole_id=a.id, user=ua)
    assert services.decline(visit_id=visit.id, pole_id=a.id, user=ua) is None  # second click: nothing
    assert _status(db, visit, a) is WITHDRAWN
    assert services.pole_visit_record(a) == []  # like a decline: the pole is not going
    services.register(visit_id=visit.id, pole_id=a.id, user=ua)
    assert _status(db, visit, a) is REGISTERED
    assert [e.visit.id for e in services.pole_visit_record(a)] == [visit.id]


def test_uninvited_pole_cannot_register(db, network, make_visit, make_pole, make_user):
    visit = make_visit(invited=network.poles[:1])
    outsider = make_pole()
    with pytest.raises(Refused, match="n'est pas invité"):
        services.register(visit_id=visit.id, pole_id=outsider.id, user=make_user(Role.FACILITATOR, pole=outsider))


def test_visit_operations_join_the_callers_unit_of_work(db, network, make_visit):
    """Services flush; the outermost unit commits, so a caller's failure undoes the registration too."""
    visit = make_visit(capacity=2)
    pole, user = network.poles[0], network.facilitators[0]
    with pytest.raises(RuntimeError), unit_of_work():
        services.register(visit_id=visit.id, pole_id=pole.id, user=user)
        raise RuntimeError("the caller fails after the registration")
    assert _status(db, visit, pole) is VisitRegistrationStatus.INVITED
    assert not [k for k in db.scalars(select(OutboxMessage.key)) if k.endswith(f"registered:user:{user.id}")]


def test_feedback_only_after_visit_by_participants_and_host(db, network, make_visit):
    visit = make_visit(capacity=3)
    a, b, _ = network.poles
    ua, ub, _ = network.facilitators
    services.register(visit_id=visit.id, pole_id=a.id, user=ua)
    with pytest.raises(services.VisitError):
        services.save_feedback(visit=visit, user=ua, rating=5, text="Trop tôt")
    for day in visit.sessions:  # move the visit into the past
        day.starts_at -= timedelta(days=60)
        day.ends_at -= timedelta(days=60)
    visit.start_date -= timedelta(days=60)
    db.commit()
    services.save_feedback(visit=visit, user=ua, rating=5, text="Très utile")
    services.save_feedback(visit=visit, user=network.host_facilitator, rating=4, text="Belle cohorte")
    assert not services.can_give_feedback(visit, ub)  # invited, never registered
    record = services.pole_visit_record(network.host)
    assert record[0].as_host and record[0].average_rating == 4.5


def test_visits_for_need_suggests_fitting_upcoming_visit(db, network, make_visit):
    visit = make_visit()
    fits = services.visits_for_need(network.needs[0])
    assert [f.visit.id for f in fits] == [visit.id]
    assert fits[0].similarity >= fits[0].threshold
    assert "friche" in fits[0].shared_terms


def test_visits_for_need_ignores_unrelated_need(db, network, make_visit):
    from models import Need

    make_visit()
    other = db.scalars(select(Need).where(Need.title == "Marchés publics")).one()
    assert services.visits_for_need(other) == []


def test_visits_for_need_follow_new_visits_need_edits_and_registrations(db, network, make_visit):
    """What fits is kept per process: new visits, edited needs and registrations still show at once."""
    need = network.needs[0]
    assert services.visits_for_need(need) == []
    visit = make_visit()
    fits = services.visits_for_need(need)
    assert [f.visit.id for f in fits] == [visit.id] and fits[0].registration is not None
    fits[0].registration.status = VisitRegistrationStatus.DECLINED
    db.commit()
    assert services.visits_for_need(need)[0].registration.status is VisitRegistrationStatus.DECLINED
    need.title, need.text = "Marchés publics", "Répondre à un appel d'offres de la commune avec une clause sociale."
    db.commit()
    assert services.visits_for_need(need) == []


def test_just_after_midnight_on_its_first_day_in_paris_a_visit_has_come(monkeypatch, db, network, make_visit):
    """0 h 30 on 5 March in Paris is 23 h 30 UTC on the 4th: the visit of the 5th takes no more registrations, and
    a new visit may not start that day (the UTC day said « the 4th » for an hour)."""
    monkeypatch.setattr("app.templating.utcnow", lambda: datetime(2027, 3, 1, 12))
    visit = make_visit(start=date(2027, 3, 5))
    monkeypatch.setattr("app.templating.utcnow", lambda: datetime(2027, 3, 4, 23, 30))
    pole, user = network.poles[0], network.facilitators[0]
    with pytest.raises(Refused, match="a commencé"):
        services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    assert [p.field for p in services.visit_problems(host_id=network.host.id, start_date=date(2027, 3, 5),
                                                     invited_ids=[pole.id])] == ["start_date"]
