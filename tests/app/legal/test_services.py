"""Booking rules: idempotency, cancel and rebook, the waitlist, deadlines, generation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.legal import services
from models import Booking, BookingStatus, LegalSlot, OutboxMessage, Role, Meeting, utcnow


def _book(slot, user, key=None):
    return services.book_slot(slot_id=slot.id, booker=user, question="Comment rédiger les statuts de notre SCIC ?",
                              idempotency_key=key or services.new_idempotency_key())


def _keys(db) -> set[str]:
    return {m.key for m in db.query(OutboxMessage).filter(OutboxMessage.cancelled_at.is_(None))}


def test_book_slot_confirms_attaches_participants_and_notifies(db, make_user, make_lawyer, make_slot):
    lawyer, user = make_lawyer(), make_user(Role.FACILITATOR)
    slot = make_slot(lawyer)
    result = _book(slot, user)
    assert result.created and result.booking.status is BookingStatus.CONFIRMED
    meeting = db.get(Meeting, slot.session_id)
    assert {p.user_id for p in meeting.participants} == {user.id, lawyer.user_id}
    assert meeting.ical_sequence == 1
    assert _keys(db) == {f"booking:{result.booking.id}:confirmation:user:{user.id}",
                         f"booking:{result.booking.id}:confirmation:user:{lawyer.user_id}"}


def test_a_booking_mail_names_the_day_and_hour_in_its_subject(db, make_user, make_lawyer, make_slot):
    """A lawyer's mailbox held ten « Rendez-vous Juri-PTCE confirmé » alike (mail audit): each now says when."""
    from app.templating import format_datetime

    lawyer, user = make_lawyer(), make_user(Role.FACILITATOR)
    slot = make_slot(lawyer)
    booking = _book(slot, user).booking
    subjects = {m.recipient_id: m.subject for m in db.query(OutboxMessage)}
    when = format_datetime(slot.starts_at, "Europe/Paris")
    assert subjects == {user.id: f"Rendez-vous Juri-PTCE confirmé\u00a0: {when}",
                        lawyer.user_id: f"Rendez-vous Juri-PTCE confirmé\u00a0: {when}"}
    services.reschedule_booking(booking_id=booking.id, new_slot_id=make_slot(lawyer, days=40).id, by=user)
    moved = db.query(OutboxMessage).filter(OutboxMessage.key.contains(":rescheduled:user:")).first()
    assert moved.subject.startswith("Rendez-vous Juri-PTCE déplacé au ") and when not in moved.subject
    # « déplacé. Nouveau créneau : » then « Créneau : » read twice (mail audit): the new slot is named once.
    to_booker = db.query(OutboxMessage).filter(OutboxMessage.key.endswith(f":rescheduled:user:{user.id}")).one()
    assert "Votre rendez-vous Juri-PTCE est déplacé.\n\nNouveau créneau" in to_booker.body
    assert "\nCréneau" not in to_booker.body


def test_book_same_form_twice_books_once(db, make_user, make_lawyer, make_slot):
    user, slot = make_user(), make_slot(make_lawyer())
    first = _book(slot, user, key="k" * 32)
    second = _book(slot, user, key="k" * 32)
    assert first.created and not second.created
    assert second.booking.id == first.booking.id
    assert db.query(Booking).count() == 1


def test_book_taken_slot_refused_with_french_message(make_user, make_lawyer, make_slot):
    slot = make_slot(make_lawyer())
    _book(slot, make_user())
    with pytest.raises(services.SlotTaken, match="vient d'être réservé"):
        _book(slot, make_user())


def test_cancel_then_rebook_same_slot_succeeds(db, make_user, make_lawyer, make_slot):
    user, slot = make_user(), make_slot(make_lawyer())
    booking = _book(slot, user).booking
    services.cancel_booking(booking_id=booking.id, by=user)
    assert db.get(Meeting, slot.session_id).participants == []
    again = _book(slot, user)
    assert again.created and again.booking.id != booking.id
    confirmed = db.query(Booking).filter(Booking.status == BookingStatus.CONFIRMED).all()
    assert [b.id for b in confirmed] == [again.booking.id]

def _booked_with_waitlist(make_user, slot):
    """A slot booked by a holder, with two people on its waitlist: (slot, people, bookings)."""
    holder, first, second = make_user(), make_user(), make_user()
    booking = _book(slot, holder).booking
    w1 = services.join_waitlist(slot_id=slot.id, booker=first, question="Question de la première personne.",
                                idempotency_key=services.new_idempotency_key()).booking
    w2 = services.join_waitlist(slot_id=slot.id, booker=second, question="Question de la seconde personne.",
                                idempotency_key=services.new_idempotency_key()).booking
    return slot, (holder, first, second), (booking, w1, w2)


def test_cancel_offers_slot_to_waitlist_once(db, make_user, make_lawyer, make_slot):
    slot, (holder, first, second), (booking, w1, w2) = _booked_with_waitlist(make_user, make_slot(make_lawyer()))
    services.cancel_booking(booking_id=booking.id, by=holder)
    services.cancel_booking(booking_id=booking.id, by=holder)  # double click: nothing more
    db.expire_all()
    assert db.get(Booking, w1.id).status is BookingStatus.OFFERED
    assert db.get(Booking, w2.id).status is BookingStatus.WAITLISTED
    offers = [k for k in _keys(db) if ":offered" in k]
    assert offers == [f"booking:{w1.id}:offered:user:{first.id}"]
    offer_mail = db.query(OutboxMessage).filter(OutboxMessage.key == offers[0]).one()
    assert "http://entrepairs.test/juri-ptce/mes-rendez-vous" in offer_mail.body
    # Only offered, not booked: no .ics that an offer left to expire would leave in the calendar (mail audit).
    assert offer_mail.attachment_data is None
    # The offered slot is held: nobody else may book it meanwhile.
    with pytest.raises(services.SlotTaken):
        _book(slot, make_user())
    services.accept_offer(booking_id=w1.id, by=first)
    services.accept_offer(booking_id=w1.id, by=first)
    db.expire_all()
    assert db.get(Booking, w1.id).status is BookingStatus.CONFIRMED
    assert db.query(Booking).filter(Booking.status == BookingStatus.CONFIRMED).count() == 1


def test_declined_offer_goes_to_next_in_line(db, make_user, make_lawyer, make_slot):
    slot, (holder, first, second), (booking, w1, w2) = _booked_with_waitlist(make_user, make_slot(make_lawyer()))
    services.cancel_booking(booking_id=booking.id, by=holder)
    services.cancel_booking(booking_id=w1.id, by=first)
    db.expire_all()
    assert db.get(Booking, w2.id).status is BookingStatus.OFFERED


def test_expired_offer_goes_to_next_in_line(db, app, make_user, make_lawyer, make_slot):
    slot, (holder, first, second), (booking, w1, w2) = _booked_with_waitlist(
        make_user, make_slot(make_lawyer(), days=20))
    services.cancel_booking(booking_id=booking.id, by=holder)
    assert services.expire_offers() == 0
    later = utcnow() + timedelta(hours=app.config["BOOKING_OFFER_HOURS"] + 1)
    assert services.expire_offers(now=later) == 1
    db.expire_all()
    assert db.get(Booking, w1.id).status is BookingStatus.CANCELLED
    assert db.get(Booking, w2.id).status is BookingStatus.OFFERED


def test_cancel_after_deadline_refused(db, app, make_user, make_lawyer, make_slot):
    user = make_user()
    slot = make_slot(make_lawyer(user=make_user(Role.LAWYER, name="Claire Dupont")), days=1)  # the deadline is 48 h
    booking = _book(slot, user).booking
    with pytest.raises(services.BookingError) as refused:
        services.cancel_booking(booking_id=booking.id, by=user)
    # The lawyer is known: named (« Maître » says no gender), not « contactez directement l'avocat·e ».
    assert refused.value.message == "Le délai d'annulation est dépassé\u00a0: contactez directement Maître Claire Dupont."
    assert db.get(Booking, booking.id).status is BookingStatus.CONFIRMED


def test_a_cancellation_reason_too_long_is_refused_not_cut(db, make_user, make_lawyer, make_slot):
    user = make_user(Role.FACILITATOR)
    lawyer = make_lawyer()
    booking = _book(make_slot(lawyer), user).booking
    too_long = "« Motif » : 1\u202f000\u00a0caractères au plus \\(ce texte en compte 1\u202f001\\)"
    with pytest.raises(services.BookingError, match=too_long):
        services.cancel_booking(booking_id=booking.id, by=user, reason="r" * 1001)
    db.rollback()
    assert db.get(Booking, booking.id).status is BookingStatus.CONFIRMED
    services.cancel_booking(booking_id=booking.id, by=user, reason="r" * 1000)
    mail = db.query(OutboxMessage).filter_by(key=f"booking:{booking.id}:cancellation:user:{lawyer.user_id}").one()
    assert "r" * 1000 in mail.body


def test_cancel_other_persons_booking_is_not_found(make_user, make_lawyer, make_slot):
    user, other = make_user(), make_user()
    booking = _book(make_slot(make_lawyer()), user).booking
    with pytest.raises(LookupError):
        services.cancel_booking(booking_id=booking.id, by=other)


def test_reschedule_moves_booking_and_frees_old_slot(db, make_user, make_lawyer, make_slot):
    user, lawyer = make_user(), make_lawyer()
    old, new = make_slot(lawyer, days=10), make_slot(lawyer, days=40)
    booking = _book(old, user).booking
    moved = services.reschedule_booking(booking_id=booking.id, new_slot_id=new.id, by=user)
    db.expire_all()
    old_booking = db.get(Booking, booking.id)
    assert old_booking.status is BookingStatus.CANCELLED and old_booking.moved
    assert old_booking.state_label == "Déplacé" and moved.state_label == "Confirmé"
    assert moved.slot_id == new.id and moved.status is BookingStatus.CONFIRMED and not moved.moved
    assert moved.question == booking.question
    assert services.free_slots(lawyer, limit=5)[0].id == old.id
    assert _book(old, make_user()).created


def test_a_move_takes_the_old_time_out_of_the_calendars_it_was_in(db, make_user, make_lawyer, make_slot):
    """The new slot is another meeting (another UID): its REQUEST left the old time in the booker's and the lawyer's
    calendars, two appointments for one question (mail audit). Each now gets the old meeting's CANCEL."""
    user, lawyer = make_user(), make_lawyer()
    old, new = make_slot(lawyer, days=10), make_slot(lawyer, days=40)
    booking = _book(old, user).booking
    services.reschedule_booking(booking_id=booking.id, new_slot_id=new.id, by=user)
    old_uid = db.get(Meeting, old.session_id).ical_uid
    for person in (user.id, lawyer.user_id):
        mail = db.query(OutboxMessage).filter(OutboxMessage.key == f"booking:{booking.id}:old-time:user:{person}").one()
        ics = mail.attachment_data.decode()
        assert "METHOD:CANCEL" in ics and f"UID:{old_uid}" in ics
        assert "Ancien créneau : " in mail.body and "retire l'ancien de votre agenda" in mail.body


def test_the_lawyer_left_by_a_move_reads_that_it_moved(db, make_user, make_lawyer, make_slot):
    user, first, second = make_user(), make_lawyer("statuts"), make_lawyer("travail")
    booking = _book(make_slot(first), user).booking
    services.reschedule_booking(booking_id=booking.id, new_slot_id=make_slot(second).id, by=user)
    mail = db.query(OutboxMessage).filter(OutboxMessage.key.endswith(f":cancellation:user:{first.user_id}")).one()
    # The other lawyer is a known person: named, not « un·e autre avocat·e ».
    assert mail.subject == "Rendez-vous Juri-PTCE déplacé chez Maître Travail"  # named so: never « Maître Maître »
    assert f"réservé par {user.display_name} est déplacé chez Maître Travail ;" in mail.body
    assert "avocat·e" not in mail.body


def test_a_cancelled_booking_is_not_a_moved_one(db, make_user, make_lawyer, make_slot):
    user = make_user()
    booking = _book(make_slot(make_lawyer()), user).booking
    services.cancel_booking(booking_id=booking.id, by=user)
    db.expire_all()
    assert not db.get(Booking, booking.id).moved and db.get(Booking, booking.id).state_label == "Annulé"


def _afternoons(make_slot, lawyer, days: tuple[int, ...], per_day: int = 4) -> list[LegalSlot]:
    """``per_day`` slots of 45 minutes from 13:00 UTC (14:00 in Paris), ``days`` days from now."""
    first = utcnow().replace(hour=13, minute=0, second=0, microsecond=0)
    return [make_slot(lawyer, starts_at=first + timedelta(days=d, minutes=45 * i)) for d in days for i in range(per_day)]


def test_offered_slots_are_every_free_slot_of_the_next_two_afternoons(make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    slots = _afternoons(make_slot, lawyer, (10, 38, 66))
    assert [s.id for s in services.offered_slots(lawyer)] == [s.id for s in slots[:8]]
    for slot in slots[:4]:  # the first afternoon is fully booked: the horizon moves on by one afternoon
        _book(slot, make_user())
    assert [s.id for s in services.offered_slots(lawyer)] == [s.id for s in slots[4:]]


def test_reschedule_to_taken_slot_refused(make_user, make_lawyer, make_slot):
    lawyer = make_lawyer()
    a, b = make_slot(lawyer, days=10), make_slot(lawyer, days=40)
    mine = _book(a, make_user()).booking
    _book(b, make_user())
    with pytest.raises(services.SlotTaken):
        services.reschedule_booking(booking_id=mine.id, new_slot_id=b.id, by=mine.booker)


def test_generate_slots_twice_creates_nothing_new(db, app, make_lawyer):
    make_lawyer("statuts"), make_lawyer("travail"), make_lawyer("public")
    now = datetime(2027, 1, 1, 8, 0)
    created = services.generate_slots(today=now.date(), months=3, now=now)
    assert created == 3 * 3 * 4  # 3 lawyers, 3 first Tuesdays, 4 slots of 45 min from 14:00 to 17:30
    assert services.generate_slots(today=now.date(), months=3, now=now) == 0
    assert db.query(LegalSlot).count() == 36
    first = db.query(LegalSlot).order_by(LegalSlot.starts_at).first()
    assert first.starts_at == datetime(2027, 1, 5, 13, 0)  # 14:00 in Paris, winter


def test_generate_slots_skips_past_slots(db, app, make_lawyer):
    make_lawyer()
    now = datetime(2027, 1, 5, 13, 30)  # during the first slot of the first Tuesday
    assert services.generate_slots(today=date(2027, 1, 5), months=1, now=now) == 3


def test_generate_slots_counts_its_months_from_the_day_in_paris(db, app, make_lawyer):
    """At 23 h 30 UTC on 31 December it is 1 January in Paris: the month to fill is January, not the server's
    December (whose first Tuesday is over, so one month ahead gave nothing until the next run)."""
    make_lawyer()
    assert services.generate_slots(months=1, now=datetime(2026, 12, 31, 23, 30)) == 4
    assert {s.starts_at.date() for s in db.query(LegalSlot)} == {date(2027, 1, 5)}


def test_generate_slots_command(app, make_lawyer):
    make_lawyer()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["generate-slots", "--months", "2"])
    second = runner.invoke(args=["generate-slots", "--months", "2"])
    assert first.exit_code == 0 and "créé" in first.output
    assert second.output.startswith("0\u00a0créneau")


def test_generate_slots_on_a_new_site_says_why_none_was_created(app):
    # Before: « 0 créneau Juri-PTCE créé. », and the operator of a new site looked for a fault.
    output = app.test_cli_runner().invoke(args=["generate-slots"]).output
    assert output.startswith("Aucun créneau Juri-PTCE créé : aucun compte d'avocat·e Juri-PTCE actif.")
    assert "« Inviter une personne »" in output


def test_routing_follows_lawyers_specialties_and_departures(db, make_lawyer):
    """The router is kept per process: edited specialties and a departed lawyer must show at once."""
    from app.suggestions.services import route_legal_question

    coop, work = make_lawyer("statuts"), make_lawyer("travail")
    question = "Comment organiser les collèges de vote de notre future SCIC et son assemblée générale ?"
    assert route_legal_question(question).lawyer.id == coop.id
    coop.specialties, work.specialties = work.specialties, coop.specialties
    db.commit()
    assert route_legal_question(question).lawyer.id == work.id
    work.user.is_active = False
    db.commit()
    assert route_legal_question(question).lawyer.id == coop.id


def test_slot_meeting_changes_once_per_change_and_leavers_reminders_are_cancelled(db, make_user, make_lawyer,
                                                                                   make_slot):
    """Book, cancel, book again, move: the slot's meeting (scheduling backbone) follows each change once."""
    from app.scheduling.reminders import enqueue_due_reminders

    lawyer, user, other = make_lawyer(), make_user(), make_user()
    slot, later = make_slot(lawyer, days=3), make_slot(lawyer, days=4)
    booking = _book(slot, user).booking
    assert enqueue_due_reminders(hours=24 * 5) == 2
    reminders = f"session:{slot.session_id}:reminder:"
    assert len([k for k in _keys(db) if k.startswith(reminders)]) == 2
    services.cancel_booking(booking_id=booking.id, by=user)
    db.expire_all()
    meeting = db.get(Meeting, slot.session_id)
    assert meeting.participants == [] and meeting.ical_sequence == 2
    assert not [k for k in _keys(db) if k.startswith(reminders)]
    again = _book(slot, other).booking
    services.reschedule_booking(booking_id=again.id, new_slot_id=later.id, by=other)
    db.expire_all()
    assert db.get(Meeting, slot.session_id).ical_sequence == 4
    moved_to = db.get(Meeting, later.session_id)
    assert {(p.user_id, p.role.name) for p in moved_to.participants} == {(other.id, "PARTICIPANT"),
                                                                         (lawyer.user_id, "HOST")}
    assert moved_to.ical_sequence == 1


def test_a_named_lawyer_is_never_written_with_a_gender_mark(db, make_user, make_lawyer, make_slot):
    """« Avec : Maître Julien Ferracci » names the lawyer for the booker (his profile says no gender: « Maître »
    needs none), not « Avocat·e : Julien Ferracci »; in his own mail it is not said at all."""
    lawyer, user = make_lawyer(user=make_user(Role.LAWYER, name="Julien Ferracci")), make_user(Role.FACILITATOR)
    booking = _book(make_slot(lawyer), user).booking
    mails = {m.recipient_id: m.body for m in db.query(OutboxMessage).filter(
        OutboxMessage.key.startswith(f"booking:{booking.id}:confirmation:"))}
    assert "Avec : Maître Julien Ferracci\n" in mails[user.id] and "vocat·e" not in mails[user.id]
    assert "Avocat·e" not in mails[lawyer.user_id] and "réservé avec vous par" in mails[lawyer.user_id]


def test_a_deactivated_account_on_the_waitlist_is_passed_over(db, make_user, make_lawyer, make_slot):
    """A freed slot offered to a deactivated account was held a day for nobody (mail audit)."""
    slot, (holder, first, second), (booking, w1, w2) = _booked_with_waitlist(make_user, make_slot(make_lawyer()))
    first.is_active = False
    db.commit()
    services.cancel_booking(booking_id=booking.id, by=holder)
    db.expire_all()
    assert db.get(Booking, w1.id).status is BookingStatus.WAITLISTED
    assert db.get(Booking, w2.id).status is BookingStatus.OFFERED
    assert not [k for k in _keys(db) if f":offered:user:{first.id}" in k]
