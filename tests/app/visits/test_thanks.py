"""A pole noted present at a learning visit is thanked and asked its feedback, as the people of a collective session
are (walk 19: nothing asked it but a button on the visit's page): one mail to each of its facilitators, once whatever
the saves of the presences, held until the visit ends when noted while it goes on, and taken back with the pole if
it was noted by mistake before it left."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.visits import attendance, services
from models import LearningVisit, OutboxMessage, Role, User, utcnow

SUBJECT = "Merci de votre venue\u00a0: votre avis sur la visite «\u00a0Ouvrir un tiers-lieu dans une friche\u00a0»"


def _visit(db, network, make_visit, *, day_one_began: timedelta, day_two_ends: timedelta) -> LearningVisit:
    """A visit two poles registered to, its first day begun ``day_one_began`` ago, its second ending in
    ``day_two_ends`` (negative: over)."""
    visit = make_visit(capacity=3)
    for pole, user in zip(network.poles[:2], network.facilitators[:2]):
        services.register(visit_id=visit.id, pole_id=pole.id, user=user)
    now = utcnow().replace(microsecond=0)
    visit = db.get(LearningVisit, visit.id)
    visit.start_date = (now - day_one_began).date()
    visit.day_one.starts_at, visit.day_one.ends_at = now - day_one_began, now - day_one_began + timedelta(hours=8)
    visit.day_two.starts_at, visit.day_two.ends_at = now + day_two_ends - timedelta(hours=8), now + day_two_ends
    db.commit()
    return db.get(LearningVisit, visit.id)


def _note(visit: LearningVisit, organiser: User, people: dict[int, int]) -> None:
    """Note present the poles of ``people`` (pole id → people who came), the others absent."""
    attendance.record_attendance(visit=visit, organiser=organiser, marks=[
        attendance.PoleMark(registration_id=r.id, came=r.pole_id in people, people=people.get(r.pole_id))
        for r in attendance.registered(visit)])


def _thanks(db, visit: LearningVisit) -> list[OutboxMessage]:
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.key.like(f"visit:{visit.id}:%:thanks:%"))
                           .order_by(OutboxMessage.id)))


def test_the_facilitators_of_a_pole_noted_present_are_asked_their_feedback_once(db, network, make_visit, make_user):
    visit = _visit(db, network, make_visit, day_one_began=timedelta(days=3), day_two_ends=-timedelta(days=2))
    came = network.poles[0]
    second = make_user(Role.FACILITATOR, pole=came)
    make_user(Role.FACILITATOR, pole=came).is_active = False  # a deactivated account is mailed nothing
    db.commit()

    _note(visit, network.organiser, {came.id: 3})
    _note(visit, network.organiser, {came.id: 4})  # saved again (a number corrected): nobody is thanked twice

    mails = _thanks(db, visit)
    assert sorted(m.recipient_id for m in mails) == sorted([network.facilitators[0].id, second.id])
    assert {m.subject for m in mails} == {SUBJECT}
    assert all(m.due_at <= utcnow() and m.cancelled_at is None for m in mails)  # the visit is over: at once
    assert f"/visites/{visit.id}/avis\n" in mails[0].body
    assert "chez le Pôle de la Friche." in mails[0].body  # the pole noted absent (``stayed``) is asked nothing


def test_a_pole_noted_while_the_visit_goes_on_is_thanked_at_its_end_or_not_if_taken_back(db, network, make_visit):
    visit = _visit(db, network, make_visit, day_one_began=timedelta(hours=2), day_two_ends=timedelta(days=1))
    pole = network.poles[0]

    _note(visit, network.organiser, {pole.id: 2})
    [mail] = _thanks(db, visit)
    assert mail.due_at == visit.day_two.ends_at  # held until the end of the second day

    _note(visit, network.organiser, {})  # noted by mistake: the thanks waiting goes with it
    assert [m.cancelled_at is not None for m in _thanks(db, visit)] == [True]

    _note(visit, network.organiser, {pole.id: 2})  # noted again after all: thanked once more, once
    _note(visit, network.organiser, {pole.id: 2})
    assert [m.cancelled_at is None for m in _thanks(db, visit)] == [False, True]


def test_a_thanks_already_sent_stays_the_one_mail(db, network, make_visit):
    visit = _visit(db, network, make_visit, day_one_began=timedelta(days=3), day_two_ends=-timedelta(days=2))
    pole = network.poles[0]
    _note(visit, network.organiser, {pole.id: 2})
    [mail] = _thanks(db, visit)
    mail.sent_at = utcnow()
    db.commit()

    _note(visit, network.organiser, {})  # un-noted once it left, then noted again: not thanked a second time
    _note(visit, network.organiser, {pole.id: 2})
    assert [m.id for m in _thanks(db, visit)] == [mail.id]
