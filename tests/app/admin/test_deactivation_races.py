"""An account deactivated by the administration while its person books a Juri-PTCE slot, registers for a
session or its pole for a learning visit, or asks for a transfer — or while the resource person asked for is
deactivated (PostgreSQL): the request began signed in, the deactivation commits while it runs. The slot or the seat
is either taken before the deactivation (the account page then names it among the commitments left) or refused:
never given after it to an account nobody can open any more, out of the administrator's sight."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlalchemy import func, select

from app.admin import accounts
from app.agenda import services as agenda
from app.extensions import db as db_ext
from app.legal import bookings
from app.refused import Refused
from app.transfers import lifecycle
from app.visits import registrations, services as visits
from models import (
    AuditEvent, Booking, CollectiveRegistration, Need, NeedKind, Pairing, RegistrationStatus, ResourcePerson, Role, User,
    VisitRegistration, VisitRegistrationStatus,
)
from tests.app.agenda.conftest import draft
from tests.races import hold, in_step, on_postgres, together

pytestmark = on_postgres


def _race(app, monkeypatch, *, person_id: int, admin_id: int, owner: object, first_step: str, act,
          deactivated_id: int | None = None, read: threading.Event | None = None) -> tuple:
    """The person's request, held at its first step until the deactivation committed (2 s at most), against the
    deactivation (of the person's account, or of ``deactivated_id`` once the request has ``read`` it active); what
    each said, and the order they committed in."""
    deactivated, order = threading.Event(), []
    hold(monkeypatch, owner, first_step, thread="person", until=deactivated)

    def person():
        me = db_ext.session.get(User, person_id)  # signed in: the account was active when the request began
        try:
            return act(me)
        finally:
            order.append("person")

    def deactivate():
        if read is not None:
            read.wait(5)
        accounts.set_active(admin=db_ext.session.get(User, admin_id),
                            user=db_ext.session.get(User, deactivated_id or person_id), active=False)
        order.append("deactivation")
        deactivated.set()

    outcomes = together(app, {"person": person, "deactivation": deactivate})
    assert outcomes["deactivation"] is None, outcomes
    return outcomes["person"], order


def test_a_slot_booked_as_the_account_is_deactivated(app, db, monkeypatch, make_user, make_lawyer, make_slot):
    slot_id = make_slot(make_lawyer()).id
    person, admin = make_user(Role.FACILITATOR), make_user(Role.ADMIN)
    said, order = _race(app, monkeypatch, person_id=person.id, admin_id=admin.id, owner=bookings,
                        first_step="lock_booker", act=lambda me: bookings.book_slot(
                            slot_id=slot_id, booker=me, question="Statuts de notre SCIC ?", idempotency_key="k"))
    db.expire_all()
    booked = db.scalar(select(func.count()).select_from(Booking).filter_by(booker_id=person.id))
    if booked:
        assert order == ["person", "deactivation"], "a slot went to an account already deactivated"
    else:
        assert isinstance(said, Refused) and "désactivé" in str(said), said


def test_a_seat_taken_as_the_account_is_deactivated(app, db, monkeypatch, make_user, make_pole):
    organiser = make_user(Role.ORGANISER)
    session_id = agenda.publish(organiser=organiser, draft=draft(capacity=1)).id
    person, admin = make_user(Role.FACILITATOR, pole=make_pole()), make_user(Role.ADMIN)
    said, order = _race(app, monkeypatch, person_id=person.id, admin_id=admin.id, owner=agenda,
                        first_step="locked_session",
                        act=lambda me: agenda.register(session_id=session_id, user=me))
    db.expire_all()
    seated = db.scalar(select(CollectiveRegistration).filter_by(user_id=person.id))
    if seated:
        assert order == ["person", "deactivation"], "a seat went to an account already deactivated"
        assert seated.status is RegistrationStatus.CANCELLED, "the deactivation left the seat it took just before"
    else:
        assert isinstance(said, Refused) and "désactivé" in str(said), said


def test_a_visit_seat_taken_as_the_account_is_deactivated(app, db, monkeypatch, make_user, make_pole):
    host, pole = make_pole("Pôle hôte", region_code="76"), make_pole()
    make_user(Role.FACILITATOR, pole=host)
    visit_id = visits.create_visit(organiser=make_user(Role.ORGANISER), host=host, title="Tiers-lieux",
                                   theme_text="tiers-lieux", start_date=date.today() + timedelta(days=20),
                                   capacity=1, programme="", place="", invited=[pole]).id
    pole_id = pole.id
    person, admin = make_user(Role.FACILITATOR, pole=pole), make_user(Role.ADMIN)
    said, order = _race(app, monkeypatch, person_id=person.id, admin_id=admin.id, owner=registrations,
                        first_step="_lock_visit",
                        act=lambda me: visits.register(visit_id=visit_id, pole_id=pole_id, user=me))
    db.expire_all()
    place = db.scalar(select(VisitRegistration.status).filter_by(visit_id=visit_id, pole_id=pole_id))
    if place is not VisitRegistrationStatus.INVITED:
        assert order == ["person", "deactivation"], "a visit seat went to an account already deactivated"
        # Its pole left with nobody to come, the deactivation released the place it had just taken.
        assert place is VisitRegistrationStatus.WITHDRAWN, place
    else:
        assert isinstance(said, Refused) and "désactivé" in str(said), said


def _transfer_scene(db, make_user, make_pole, make_resource_person) -> tuple[int, int, int]:
    """A facilitator's pole with a transfer need, and a resource person of another pole: their ids."""
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Financer la coordination", kind=NeedKind.TRANSFER,
                text="Nous cherchons à diversifier le financement de notre poste de coordination mutualisé.")
    db.add(need)
    db.commit()
    return facilitator.id, need.id, make_resource_person().id


def _request(me: User, need_id: int, person_id: int) -> Pairing:
    need, person = db_ext.session.get(Need, need_id), db_ext.session.get(ResourcePerson, person_id)
    return lifecycle.request_transfer(need=need, person=person, requester=me, message="Bonjour",
                                      idempotency_key="k")


def test_a_transfer_asked_for_as_the_account_is_deactivated(app, db, monkeypatch, make_user, make_pole,
                                                            make_resource_person):
    facilitator_id, need_id, resource_id = _transfer_scene(db, make_user, make_pole, make_resource_person)
    said, order = _race(app, monkeypatch, person_id=facilitator_id, admin_id=make_user(Role.ADMIN).id,
                        owner=lifecycle, first_step="_lock_person",
                        act=lambda me: _request(me, need_id, resource_id))
    db.expire_all()
    if db.scalar(select(func.count()).select_from(Pairing)):
        assert order == ["person", "deactivation"], "a transfer request came from an account already deactivated"
    else:
        assert isinstance(said, Refused) and "désactivé" in str(said), said


def test_a_transfer_asked_of_a_person_deactivated_meanwhile(app, db, monkeypatch, make_user, make_pole,
                                                            make_resource_person):
    facilitator_id, need_id, resource_id = _transfer_scene(db, make_user, make_pole, make_resource_person)
    """The request has found the person active (under the person's lock) when the deactivation begins; it is held
    before it writes until the deactivation committed."""
    resource_user_id, read = db.get(ResourcePerson, resource_id).user_id, threading.Event()
    checked = lifecycle.check_pair_allowed

    def check_then_tell(*args, **kwargs):
        checked(*args, **kwargs)
        read.set()

    monkeypatch.setattr(lifecycle, "check_pair_allowed", check_then_tell)
    said, order = _race(app, monkeypatch, person_id=facilitator_id, admin_id=make_user(Role.ADMIN).id,
                        owner=lifecycle, first_step="_create", deactivated_id=resource_user_id, read=read,
                        act=lambda me: _request(me, need_id, resource_id))
    db.expire_all()
    if db.scalar(select(func.count()).select_from(Pairing)):
        assert order == ["person", "deactivation"], "a transfer request went to an account already deactivated"
    else:
        assert isinstance(said, Refused) and "plus active" in str(said), said


def test_deactivate_clicked_twice_at_once_is_recorded_once(app, db, monkeypatch, make_user):
    """Both clicks read the account active before either writes: the audit log must not say it was deactivated
    twice (nor the second click end the sessions a reactivation in between had let in)."""
    person, admin = make_user(Role.FACILITATOR), make_user(Role.ADMIN)
    in_step(monkeypatch, accounts, "_snapshot")  # each click has read « active » before either writes

    def deactivate():
        return accounts.set_active(admin=db_ext.session.get(User, admin.id),
                                   user=db_ext.session.get(User, person.id), active=False).user.is_active

    outcomes = together(app, {"clic": deactivate, "double clic": deactivate})
    assert outcomes == {"clic": False, "double clic": False}, outcomes
    assert db.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="account.deactivate")) == 1


def test_a_seat_released_by_a_deactivation_as_someone_registers_goes_to_one_person(app, db, make_user, make_pole):
    """The deactivation frees the seat of the session's last place while a newcomer registers: the first person
    waiting takes it, or the newcomer does if they came first — never both (one lock, the session's)."""
    organiser = make_user(Role.ORGANISER)
    session_id = agenda.publish(organiser=organiser, draft=draft(capacity=1)).id
    leaving, waiting, newcomer = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(3))
    agenda.register(session_id=session_id, user=leaving)
    agenda.register(session_id=session_id, user=waiting)
    admin_id, leaving_id, newcomer_id = make_user(Role.ADMIN).id, leaving.id, newcomer.id

    outcomes = together(app, {
        "deactivation": lambda: accounts.set_active(admin=db_ext.session.get(User, admin_id),
                                                    user=db_ext.session.get(User, leaving_id), active=False).released,
        "newcomer": lambda: agenda.register(session_id=session_id,
                                            user=db_ext.session.get(User, newcomer_id)).status})
    assert outcomes["deactivation"] == 1, outcomes
    db.expire_all()
    seated = set(db.scalars(select(CollectiveRegistration.user_id).filter_by(
        collective_session_id=session_id, status=RegistrationStatus.REGISTERED)))
    assert seated == {waiting.id}, outcomes  # the first waiting is promoted; the newcomer waits behind
    assert outcomes["newcomer"] is RegistrationStatus.WAITLISTED


def test_a_juri_ptce_slot_released_by_a_deactivation_as_someone_books_it_goes_to_one_person(
        app, db, make_user, make_lawyer, make_slot):
    """The deactivation frees a booked slot while a newcomer books it: the first person waiting is offered it (or
    the newcomer finds it taken), never both holding it (one lock, the slot's: ``slot_changes.end_booking``)."""
    from app.legal import waitlist
    from app.legal.slots import HOLDING

    slot_id = make_slot(make_lawyer()).id
    leaving, waiting, newcomer = (make_user(Role.FACILITATOR) for _ in range(3))
    bookings.book_slot(slot_id=slot_id, booker=leaving, question="Statuts de notre SCIC ?", idempotency_key="a")
    waitlist.join_waitlist(slot_id=slot_id, booker=waiting, question="Bail d'un tiers-lieu ?", idempotency_key="b")
    admin_id, leaving_id, newcomer_id = make_user(Role.ADMIN).id, leaving.id, newcomer.id

    outcomes = together(app, {
        "deactivation": lambda: accounts.set_active(admin=db_ext.session.get(User, admin_id),
                                                    user=db_ext.session.get(User, leaving_id), active=False).bookings,
        "newcomer": lambda: bookings.book_slot(slot_id=slot_id, booker=db_ext.session.get(User, newcomer_id),
                                               question="Une convention d'occupation ?", idempotency_key="c")})
    assert outcomes["deactivation"] == 1, outcomes
    db.expire_all()
    holding = set(db.scalars(select(Booking.booker_id).where(Booking.slot_id == slot_id, Booking.status.in_(HOLDING))))
    assert holding == {waiting.id}, outcomes  # offered to the first waiting; the newcomer found it taken
    assert isinstance(outcomes["newcomer"], Refused), outcomes
