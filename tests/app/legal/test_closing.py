"""A lawyer who cannot be there closes a slot or an afternoon, cancels a booked slot with a reason, reopens;
the organisers who run Juri-PTCE may do it for her."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from app.legal import closing, services
from app.legal.departure import cancel_lawyer_slots
from models import (
    Booking, BookingStatus, Meeting, MeetingStatus, Organisation, OrganisationKind, OutboxMessage, Role, utcnow,
)

QUESTION = "Comment rédiger les statuts de notre SCIC et organiser ses collèges de vote ?"
REASON = "Audience imprévue au tribunal ce jour-là, je vous prie de m'excuser."


def _book(slot, user, question=QUESTION):
    return services.book_slot(slot_id=slot.id, booker=user, question=question,
                              idempotency_key=services.new_idempotency_key()).booking


def _wait(slot, user, question):
    return services.join_waitlist(slot_id=slot.id, booker=user, question=question,
                                  idempotency_key=services.new_idempotency_key()).booking


def _mails(db, key_part: str) -> list[OutboxMessage]:
    return [m for m in db.query(OutboxMessage).filter(OutboxMessage.cancelled_at.is_(None)) if key_part in m.key]


@pytest.fixture
def organiser(db, make_user):
    def make(kind: OrganisationKind, region: str | None = None):
        organisation = Organisation(kind=kind, name=f"{kind.value} {region or ''}".strip(), region_code=region)
        db.add(organisation)
        user = make_user(Role.ORGANISER, region_code=region)
        user.organisation = organisation
        db.commit()
        return user
    return make


def test_a_closed_free_slot_is_no_longer_offered_nor_bookable(db, make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    slot, other = make_slot(lawyer, days=10), make_slot(lawyer, days=10.04)
    report = closing.close_slots(slot_ids=[slot.id], by=lawyer.user)
    assert (report.closed, report.appointments, report.waitlisted) == (1, 0, 0)
    assert db.get(Meeting, slot.session_id).status is MeetingStatus.CANCELLED
    assert [s.id for s in services.offered_slots(lawyer)] == [other.id]
    with pytest.raises(services.BookingError, match="n'existe plus"):
        _book(slot, make_user())
    # A double click closes once.
    assert closing.close_slots(slot_ids=[slot.id], by=lawyer.user).closed == 0


def test_cancelling_a_booked_slot_needs_a_reason(db, make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    booking = _book(slot, make_user())
    with pytest.raises(services.BookingError) as refused:
        closing.close_slots(slot_ids=[slot.id], by=lawyer.user, reason="   ")
    assert [p.field for p in refused.value.problems] == ["reason"]
    assert "motif" in str(refused.value)
    db.expire_all()
    assert db.get(Booking, booking.id).status is BookingStatus.CONFIRMED
    assert db.get(Meeting, slot.session_id).status is MeetingStatus.SCHEDULED


def test_the_pole_that_booked_is_told_with_the_reason_and_a_link_to_book_again(db, make_user, make_lawyer,
                                                                                make_slot):
    lawyer, booker = make_lawyer(), make_user()
    slot = make_slot(lawyer, days=1)  # within the pole's own change deadline: the lawyer may still cancel
    booking = _book(slot, booker)
    report = closing.close_slots(slot_ids=[slot.id], by=lawyer.user, reason=REASON)
    assert (report.closed, report.appointments) == (1, 1)
    db.expire_all()
    booking = db.get(Booking, booking.id)
    assert booking.status is BookingStatus.CANCELLED and booking.slot_closed
    assert booking.closing_reason == REASON and booking.state_label == "Annulé (créneau fermé)"
    [mail] = _mails(db, ":slot-closed:")
    assert mail.key == f"booking:{booking.id}:slot-closed:user:{booker.id}"  # the lawyer closed it: not mailed
    assert mail.to_email == booker.email and mail.subject == f"Rendez-vous Juri-PTCE avec {lawyer.user.display_name} annulé"
    assert REASON in mail.body and QUESTION in mail.body
    assert f"http://entrepairs.test/juri-ptce/rendez-vous/{booking.id}/reprendre" in mail.body
    event = next(c for c in Calendar.from_ical(mail.attachment_data).walk() if c.name == "VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_waitlist_place_ends_with_the_closed_slot_and_nobody_is_offered_it(db, make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    holder, first, second = make_user(), make_user(), make_user()
    booking = _book(slot, holder)
    w1, w2 = _wait(slot, first, "Question de la première personne."), _wait(slot, second, "Question de la seconde.")
    report = closing.close_slots(slot_ids=[slot.id], by=lawyer.user, reason=REASON)
    assert (report.appointments, report.waitlisted) == (1, 2)
    db.expire_all()
    assert {db.get(Booking, b.id).status for b in (booking, w1, w2)} == {BookingStatus.CANCELLED}
    assert _mails(db, ":offered:") == []
    told = {m.to_email: m for m in _mails(db, ":slot-closed:")}
    assert set(told) == {holder.email, first.email, second.email}
    assert "place sur sa liste d'attente" in told[first.email].body and told[first.email].attachment_data is None


def test_closing_an_afternoon_closes_its_slots_to_come_only(db, make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    day = (utcnow() + timedelta(days=20)).replace(hour=13, minute=0, second=0, microsecond=0)
    afternoon = [make_slot(lawyer, starts_at=day + timedelta(minutes=45 * i)) for i in range(4)]
    next_month = make_slot(lawyer, starts_at=day + timedelta(days=28))
    other_lawyer_slot = make_slot(make_lawyer("travail"), starts_at=day)
    booking = _book(afternoon[2], make_user())
    with pytest.raises(services.BookingError, match="motif"):
        closing.close_afternoon(lawyer=lawyer, day=closing.local_day(afternoon[0]), by=lawyer.user)
    report = closing.close_afternoon(lawyer=lawyer, day=closing.local_day(afternoon[0]), by=lawyer.user,
                                     reason=REASON)
    assert (report.closed, report.appointments) == (4, 1)
    db.expire_all()
    assert all(db.get(Meeting, s.session_id).status is MeetingStatus.CANCELLED for s in afternoon)
    assert db.get(Meeting, next_month.session_id).status is MeetingStatus.SCHEDULED
    assert db.get(Meeting, other_lawyer_slot.session_id).status is MeetingStatus.SCHEDULED
    assert db.get(Booking, booking.id).closing_reason == REASON
    with pytest.raises(services.BookingError, match="plus de créneau ouvert"):
        closing.close_afternoon(lawyer=lawyer, day=closing.local_day(afternoon[0]), by=lawyer.user)


def test_a_closed_slot_reopens_free_while_it_is_to_come(db, make_user, make_lawyer, make_slot):
    lawyer, booker = make_lawyer(), make_user()
    slot = make_slot(lawyer)
    booking = _book(slot, booker)
    closing.close_slots(slot_ids=[slot.id], by=lawyer.user, reason=REASON)
    sequence = db.get(Meeting, slot.session_id).ical_sequence
    with pytest.raises(services.BookingError, match="passé"):
        closing.reopen_slot(slot_id=slot.id, by=lawyer.user, now=slot.starts_at + timedelta(minutes=1))
    closing.reopen_slot(slot_id=slot.id, by=lawyer.user)
    db.expire_all()
    meeting = db.get(Meeting, slot.session_id)
    assert meeting.status is MeetingStatus.SCHEDULED and meeting.participants == []
    assert meeting.ical_sequence == sequence + 1
    assert db.get(Booking, booking.id).status is BookingStatus.CANCELLED  # told it was cancelled: stays so
    assert [s.id for s in services.offered_slots(lawyer)] == [slot.id]
    assert _book(slot, make_user(), "Une autre question sur les statuts de la coopérative.").status \
        is BookingStatus.CONFIRMED


def test_a_past_slot_cannot_be_closed(db, make_lawyer, make_slot):
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    with pytest.raises(services.BookingError, match="passé"):
        closing.close_slots(slot_ids=[slot.id], by=lawyer.user, now=slot.starts_at + timedelta(minutes=5))


def test_who_may_close_a_lawyers_slot(db, make_user, make_lawyer, make_slot, organiser):
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    booking = _book(slot, make_user())
    refused = [make_lawyer("travail").user, make_user(Role.FACILITATOR), organiser(OrganisationKind.CRA, "84"),
               organiser(OrganisationKind.AVISE)]
    for user in refused:
        with pytest.raises(services.BookingError, match="Vous ne pouvez pas"):
            closing.close_slots(slot_ids=[slot.id], by=user, reason=REASON)
    coorace = organiser(OrganisationKind.COORACE)
    closing.close_slots(slot_ids=[slot.id], by=coorace, reason=REASON)
    db.expire_all()
    assert db.get(Booking, booking.id).status is BookingStatus.CANCELLED
    # Closed for her by someone else: the lawyer is told too, with the reason.
    [to_lawyer] = [m for m in _mails(db, ":slot-closed:") if m.to_email == lawyer.user.email]
    assert REASON in to_lawyer.body and coorace.display_name in to_lawyer.body
    rtes = organiser(OrganisationKind.RTES)
    closing.reopen_slot(slot_id=slot.id, by=rtes)
    assert db.get(Meeting, slot.session_id).status is MeetingStatus.SCHEDULED
    admin = make_user(Role.ADMIN)
    assert closing.close_slots(slot_ids=[slot.id], by=admin).closed == 1


def test_a_lawyer_leaving_after_closing_a_slot_tells_nobody_twice(db, make_user, make_lawyer, make_slot):
    """The departure and the closing cancel a slot the one same way (``slot_changes.cancel_slot``)."""
    lawyer = make_lawyer()
    closed, open_ = make_slot(lawyer, days=10), make_slot(lawyer, days=11)
    first, second = _book(closed, make_user()), _book(open_, make_user(), "Une autre question sur nos statuts.")
    closing.close_slots(slot_ids=[closed.id], by=lawyer.user, reason=REASON)
    cancel_lawyer_slots(db, lawyer.user, utcnow())
    db.commit()
    assert [m.key.split(":")[2] for m in _mails(db, f"booking:{first.id}:")] == ["slot-closed"]
    assert [m.key.split(":")[2] for m in _mails(db, f"booking:{second.id}:")] == ["lawyer-left"]
    assert isinstance(db.get(Booking, second.id).cancelled_at, datetime)


def test_an_afternoon_closed_by_mistake_reopens_at_once(db, make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    day = (utcnow() + timedelta(days=20)).replace(hour=13, minute=0, second=0, microsecond=0)
    afternoon = [make_slot(lawyer, starts_at=day + timedelta(minutes=45 * i)) for i in range(3)]
    next_month = make_slot(lawyer, starts_at=day + timedelta(days=28))
    closing.close_slots(slot_ids=[s.id for s in afternoon] + [next_month.id], by=lawyer.user)
    with pytest.raises(services.BookingError, match="Vous ne pouvez pas"):
        closing.reopen_afternoon(lawyer=lawyer, day=closing.local_day(afternoon[0]), by=make_lawyer("travail").user)
    # After the first slot has begun, only the two still to come reopen.
    now = afternoon[0].starts_at + timedelta(minutes=1)
    assert closing.reopen_afternoon(lawyer=lawyer, day=closing.local_day(afternoon[0]), by=lawyer.user, now=now) == 2
    db.expire_all()
    assert [db.get(Meeting, s.session_id).status for s in afternoon] == [
        MeetingStatus.CANCELLED, MeetingStatus.SCHEDULED, MeetingStatus.SCHEDULED]
    assert db.get(Meeting, next_month.session_id).status is MeetingStatus.CANCELLED  # another afternoon
    with pytest.raises(services.BookingError, match="aucun créneau fermé"):
        closing.reopen_afternoon(lawyer=lawyer, day=closing.local_day(afternoon[0]), by=lawyer.user, now=now)
