"""A deactivated account kept its seats at collective sessions and visits to come, out of reach of the people
waiting: the deactivation releases them (the first person waiting promoted with the usual mail, the organisers
reading it on their list), a reactivation gives none back, a session held keeps its history."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.admin import accounts
from app.agenda import services as agenda
from app.visits import services as visits
from models import (
    CollectiveRegistration, Meeting, MeetingParticipant, OutboxMessage, RegistrationStatus, Role, User,
    VisitRegistration, VisitRegistrationStatus,
)
from tests.app.agenda.conftest import draft
from tests.app.agenda.held import set_slots_at
from tests.app.html_parts import page_html, page_text
from tests.conftest import extract_csrf


def _status(db, session_id: int, user: User) -> RegistrationStatus:
    return db.scalar(select(CollectiveRegistration.status).filter_by(collective_session_id=session_id,
                                                                     user_id=user.id))


def _scene(db, make_user, make_pole):
    organiser = make_user(Role.ORGANISER, name="Coorace")
    leaving = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Monts"), name="Léa Partante")
    waiting = make_user(Role.FACILITATOR, pole=make_pole("Pôle du Val"), name="Vincent Attend")
    full = agenda.publish(organiser=organiser, draft=draft(capacity=1, title="Webinaire complet"))
    other = agenda.publish(organiser=organiser, draft=draft(capacity=1, title="Autre webinaire"))
    held = agenda.publish(organiser=organiser, draft=draft(capacity=5, title="Webinaire tenu"))
    agenda.register(session_id=full.id, user=leaving)
    agenda.register(session_id=full.id, user=waiting)  # the waitlist
    agenda.register(session_id=other.id, user=waiting)
    agenda.register(session_id=other.id, user=leaving)  # leaving waits here
    agenda.register(session_id=held.id, user=leaving)
    set_slots_at(db, held, (held.slots[0].starts_at - timedelta(days=20)))
    return organiser, leaving, waiting, full, other, held


def _deactivate(client, user: User):
    token = extract_csrf(page_html(client.get(f"/admin/comptes/{user.id}")))
    return client.post(f"/admin/comptes/{user.id}/desactiver", data={"csrf_token": token}, follow_redirects=True)


def test_deactivation_releases_seats_and_waitlist_places_to_come(app, db, client, login, make_user, make_pole):
    organiser, leaving, waiting, full, other, held = _scene(db, make_user, make_pole)
    login(make_user(Role.ADMIN))
    before = page_text(client.get(f"/admin/comptes/{leaving.id}"))
    assert "2 inscriptions à venir à des sessions collectives" in before
    assert "Webinaire complet</a> (inscrit·e)" in before and "Autre webinaire</a> (en liste d'attente)" in before

    said = page_text(_deactivate(client, leaving))

    assert "Ses 2 inscriptions à venir ont été libérées ; une réactivation ne les rendra pas." in said
    assert _status(db, full.id, leaving) is RegistrationStatus.CANCELLED
    assert _status(db, other.id, leaving) is RegistrationStatus.CANCELLED
    assert _status(db, full.id, waiting) is RegistrationStatus.REGISTERED  # promoted
    promoted = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == waiting.id,
                                                     OutboxMessage.key.contains(":promoted")))
    assert promoted is not None and "Webinaire complet" in promoted.subject
    assert _status(db, held.id, leaving) is RegistrationStatus.REGISTERED  # a session held keeps its history
    seats = select(MeetingParticipant.user_id).join(Meeting, Meeting.id == MeetingParticipant.session_id).where(
        Meeting.collective_session_id == full.id)
    on_slots = set(db.scalars(seats))
    assert waiting.id in on_slots and leaving.id not in on_slots

    from tests.app.security.routes import log_in
    theirs = app.test_client()
    log_in(theirs, organiser)
    listing = page_text(theirs.get(f"/organisation/agenda/{full.id}/presences"))
    assert "Désinscrit·e (compte désactivé)" in listing


def test_reactivation_gives_no_seat_back_and_says_so(db, client, login, make_user, make_pole):
    _, leaving, waiting, full, other, _ = _scene(db, make_user, make_pole)
    login(make_user(Role.ADMIN))
    _deactivate(client, leaving)
    page = page_text(client.get(f"/admin/comptes/{leaving.id}"))
    assert "Une réactivation ne rend pas les inscriptions libérées à la désactivation" in page
    token = extract_csrf(page_html(client.get(f"/admin/comptes/{leaving.id}")))
    client.post(f"/admin/comptes/{leaving.id}/reactiver", data={"csrf_token": token})
    db.expire_all()
    assert db.get(User, leaving.id).is_active
    assert _status(db, full.id, leaving) is RegistrationStatus.CANCELLED
    assert _status(db, other.id, leaving) is RegistrationStatus.CANCELLED


def _visit(make_user, make_pole, pole, *, capacity: int = 1):
    host = make_pole("Pôle hôte", region_code="76")
    make_user(Role.FACILITATOR, pole=host)
    waiting_pole = make_pole("Pôle en attente")
    waiting = make_user(Role.FACILITATOR, pole=waiting_pole)
    visit = visits.create_visit(organiser=make_user(Role.ORGANISER), host=host, title="Tiers-lieux",
                                theme_text="tiers-lieux", start_date=date.today() + timedelta(days=20),
                                capacity=capacity, programme="", place="", invited=[pole, waiting_pole])
    return visit, waiting_pole, waiting


def test_a_pole_left_with_nobody_releases_its_visit_place_to_the_pole_waiting(db, make_user, make_pole):
    pole = make_pole("Pôle des Monts")
    leaving = make_user(Role.FACILITATOR, pole=pole)
    visit, waiting_pole, waiting = _visit(make_user, make_pole, pole)
    visits.register(visit_id=visit.id, pole_id=pole.id, user=leaving)
    visits.register(visit_id=visit.id, pole_id=waiting_pole.id, user=waiting)

    change = accounts.set_active(admin=make_user(Role.ADMIN), user=leaving, active=False)

    assert change.released == 1
    places = {r.pole_id: r.status for r in db.scalars(select(VisitRegistration).filter_by(visit_id=visit.id))}
    assert places[pole.id] is VisitRegistrationStatus.WITHDRAWN
    assert places[waiting_pole.id] is VisitRegistrationStatus.REGISTERED
    assert db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == waiting.id,
                                                 OutboxMessage.key.contains(":promoted"))) is not None


def test_a_pole_with_another_facilitator_keeps_its_visit_place_without_the_deactivated(db, make_user, make_pole):
    pole = make_pole("Pôle des Monts")
    leaving, staying = make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=pole)
    visit, _, _ = _visit(make_user, make_pole, pole)
    visits.register(visit_id=visit.id, pole_id=pole.id, user=staying)

    change = accounts.set_active(admin=make_user(Role.ADMIN), user=leaving, active=False)

    assert change.released == 0
    assert db.scalar(select(VisitRegistration.status).filter_by(visit_id=visit.id, pole_id=pole.id)) \
        is VisitRegistrationStatus.REGISTERED
    days = [visit.day_one_session_id, visit.day_two_session_id]
    on_days = set(db.scalars(select(MeetingParticipant.user_id).where(MeetingParticipant.session_id.in_(days))))
    assert staying.id in on_days and leaving.id not in on_days


def _booked(make_user, make_lawyer, make_slot, leaving: User):
    """``leaving`` holds one slot (someone waits behind) and waits behind someone else on another."""
    from app.legal import services as legal

    def book(slot, who, question, *, wait=False):
        act = legal.join_waitlist if wait else legal.book_slot
        return act(slot_id=slot.id, booker=who, question=question, idempotency_key=legal.new_idempotency_key()).booking

    lawyer, waiting, holder = make_lawyer(), make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    held, other = make_slot(lawyer), make_slot(lawyer, days=9)
    mine = book(held, leaving, "Faut-il une convention d'occupation ?")
    queued = book(held, waiting, "Question en attente du créneau.", wait=True)
    book(other, holder, "Quel statut pour la cuisine partagée ?")
    behind = book(other, leaving, "Une autre question, en attente.", wait=True)
    return lawyer, waiting, mine, queued, behind


def test_deactivation_releases_juri_ptce_bookings_through_the_usual_cancellation(
        db, client, login, make_user, make_pole, make_lawyer, make_slot):
    """A booking holds its slot as a registration holds a seat: the deactivated account's slot goes to the person
    waiting (offered, told), the lawyer is told, its own waitlist place is dropped."""
    from models import Booking, BookingStatus

    leaving = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Monts"), name="Léa Partante")
    lawyer, waiting, mine, queued, behind = _booked(make_user, make_lawyer, make_slot, leaving)
    db.commit()
    login(make_user(Role.ADMIN))
    before = page_text(client.get(f"/admin/comptes/{leaving.id}"))
    assert "2 rendez-vous Juri-PTCE à venir" in before and "sur liste d'attente)" in before

    said = page_text(_deactivate(client, leaving))

    assert "Ses 2 rendez-vous Juri-PTCE à venir ont été libérés ; une réactivation ne les rendra pas." in said
    db.expire_all()
    assert db.get(Booking, mine.id).status is BookingStatus.CANCELLED
    assert db.get(Booking, behind.id).status is BookingStatus.CANCELLED  # the waitlist place dropped
    assert db.get(Booking, queued.id).status is BookingStatus.OFFERED  # the slot offered to the first waiting
    mails = db.scalars(select(OutboxMessage)).all()
    assert any(m.recipient_id == waiting.id and ":offered" in m.key for m in mails)
    assert any(m.recipient_id == lawyer.user_id and ":cancellation" in m.key for m in mails)


def test_sessions_and_bookings_released_are_said_together():
    from app.admin.views import _released

    said = _released(accounts.ActiveChange(user=None, released=1, bookings=1))
    assert said == (" Son inscription à venir a été libérée et son rendez-vous Juri-PTCE à venir a été libéré ; "
                    "une réactivation ne les rendra pas.")
