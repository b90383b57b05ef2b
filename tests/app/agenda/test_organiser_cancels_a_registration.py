"""The team that runs a session cancels one person's registration or waitlist place (someone who phoned to say they
cannot come): the same path as « Se désinscrire » — the seat to the first person waiting, told by the promotion
mail, the slots' participants and SEQUENCE as when leaving — and the person told by a mail of their own (with the
reason, and the .ics CANCEL of a seat) and under the bell."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.agenda import organiser_cancel, services
from app.agenda.services import AgendaRefused
from models import CollectiveRegistration, Notification, OutboxMessage, RegistrationStatus, Role, utcnow
from tests.app.agenda.held import set_slots_at


def _mails(db, user_id: int) -> list[OutboxMessage]:
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == user_id)
                           .order_by(OutboxMessage.id)))


@pytest.fixture
def full(db, publish, make_user, make_pole):
    """A session of one seat: one person seated, two waiting, in this order."""
    session = publish(capacity=1)
    people = [make_user(Role.FACILITATOR, pole=make_pole(), name=name)
              for name in ("Aline Assise", "Bruno Attend", "Chloé Après")]
    rows = [services.register(session_id=session.id, user=person) for person in people]
    return session, people, rows


def test_the_seat_goes_to_the_first_person_waiting_and_the_person_is_told_once(db, full, organiser):
    session, (seated, first, second), rows = full
    sequence = session.slots[0].ical_sequence

    cancelled, _ = organiser_cancel.cancel_registration(session_id=session.id, registration_id=rows[0].id,
                                                     organiser=organiser, reason="A appelé : malade.")

    db.expire_all()
    assert cancelled.status is RegistrationStatus.CANCELLED and cancelled.cancelled_by_organiser
    assert db.get(CollectiveRegistration, rows[1].id).status is RegistrationStatus.REGISTERED
    assert db.get(CollectiveRegistration, rows[2].id).status is RegistrationStatus.WAITLISTED
    slot = session.slots[0]
    assert {p.user_id for p in slot.participants} == {first.id}
    assert slot.ical_sequence == sequence + 1
    assert [m.key.rsplit(":", 1)[1] for m in _mails(db, first.id)][-1] == "promoted"
    told = _mails(db, seated.id)[-1]
    assert told.key.endswith(":organiser_cancelled") and "Inscription annulée" in told.subject
    assert "a annulé votre inscription" in told.body and "« A appelé : malade. »" in told.body
    calendar = Calendar.from_ical(told.attachment_data)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert {int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")} == {slot.ical_sequence}
    bell = db.scalars(select(Notification).where(Notification.user_id == seated.id)).one()
    assert "a annulé votre inscription" in bell.text and "malade" in bell.text
    assert not any(m.key.endswith(":unregistered") for m in _mails(db, seated.id))  # one mail, not two


def test_a_waitlist_place_is_cancelled_without_a_calendar_file_nor_a_promotion(db, full, organiser):
    session, (_, first, second), rows = full

    organiser_cancel.cancel_registration(session_id=session.id, registration_id=rows[1].id, organiser=organiser)

    db.expire_all()
    assert [db.get(CollectiveRegistration, r.id).status for r in rows] == [
        RegistrationStatus.REGISTERED, RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED]
    told = _mails(db, first.id)[-1]
    assert told.key.endswith(":organiser_cancelled_waitlisted") and told.attachment_data is None
    assert "liste d'attente" in told.body and "Motif" not in told.body
    assert not any(m.key.endswith(":promoted") for m in _mails(db, second.id))


def test_registering_again_is_a_registration_of_the_person(db, full, organiser):
    session, (seated, *_), rows = full
    organiser_cancel.cancel_registration(session_id=session.id, registration_id=rows[0].id, organiser=organiser)

    again = services.register(session_id=session.id, user=seated)

    assert again.status is RegistrationStatus.WAITLISTED and not again.cancelled_by_organiser


@pytest.mark.parametrize("case, message", [
    ("cancelled", "déjà annulée"),
    ("started", "a commencé"),
    ("other region", "Seule l'équipe qui organise"),
    ("session cancelled", "La session est annulée"),
    ("long reason", "Motif"),
])
def test_refused_and_nothing_written(db, full, organiser, make_user, case, message):
    session, (seated, *_), rows = full
    by, reason = organiser, None
    if case == "cancelled":
        services.unregister(session_id=session.id, user=seated)
    elif case == "started":
        set_slots_at(db, session, utcnow() - timedelta(minutes=5))
    elif case == "other region":
        session.region_code = "84"
        db.commit()
        by = make_user(Role.ORGANISER, region_code="76")
    elif case == "session cancelled":
        session.cancelled_at = utcnow()
        db.commit()
    else:
        reason = "x" * 401
    db.expire_all()
    before = db.scalar(select(CollectiveRegistration.version).where(CollectiveRegistration.id == rows[0].id))
    mails = len(_mails(db, seated.id))

    with pytest.raises(AgendaRefused, match=message):
        organiser_cancel.cancel_registration(session_id=session.id, registration_id=rows[0].id, organiser=by,
                                             reason=reason)

    db.expire_all()
    assert db.get(CollectiveRegistration, rows[0].id).version == before
    assert not db.get(CollectiveRegistration, rows[0].id).cancelled_by_organiser
    assert len(_mails(db, seated.id)) == mails


def test_a_registration_of_another_session_is_not_found(db, full, publish, organiser):
    session, _, rows = full
    other = publish()
    with pytest.raises(AgendaRefused, match="n'existe pas"):
        organiser_cancel.cancel_registration(session_id=other.id, registration_id=rows[0].id, organiser=organiser)
