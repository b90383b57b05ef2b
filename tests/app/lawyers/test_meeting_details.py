"""How a Juri-PTCE appointment takes place: the lawyer says it on their profile, it is written onto their
coming slots and read on « Mes rendez-vous », in the confirmation mail and in the .ics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from app.lawyers import services
from app.legal import services as legal
from app.scheduling.meetings import place_from_text
from app.typography import french_spacing
from models import Booking, BookingStatus, Meeting, OutboxMessage, Role, utcnow

pytestmark = pytest.mark.web

QUESTION = "Comment rédiger les statuts de notre SCIC et ses collèges de vote ?"
PHONE = "Par téléphone : Maître Statuts vous appelle au numéro du pôle"


def _book(slot, user):
    return legal.book_slot(slot_id=slot.id, booker=user, question=QUESTION,
                           idempotency_key=legal.new_idempotency_key()).booking


def _mail_to(db, user) -> OutboxMessage:
    return db.query(OutboxMessage).filter(OutboxMessage.recipient_id == user.id,
                                          OutboxMessage.key.contains(":confirmation:")).one()


def test_a_bare_link_is_the_video_link_any_other_text_the_place_in_words():
    assert place_from_text(" https://visio.exemple.org/maitre ").video_url == "https://visio.exemple.org/maitre"
    assert place_from_text(PHONE).location == PHONE and place_from_text(PHONE).video_url is None
    assert place_from_text("", default_video_url="https://visio.exemple.org/ptce").video_url \
        == "https://visio.exemple.org/ptce"
    assert place_from_text(None) == place_from_text("")


def test_a_link_typed_without_https_is_still_the_video_link():
    """Walk of 7 December 2026: « meet.jit.si/cabinet-marquet » became a place in words, « Lieu : … » with no link
    in the pole's page, mail and calendar."""
    assert place_from_text("meet.jit.si/cabinet-marquet").video_url == "https://meet.jit.si/cabinet-marquet"
    assert place_from_text("www.exemple.fr/visio").video_url == "https://www.exemple.fr/visio"
    for words in ("Salle 3.2/4, maison des associations", "Bât. A/2", "12 rue de la Paix", "06 12 34 56 78"):
        assert place_from_text(words).location == words and place_from_text(words).video_url is None


def test_saving_the_place_writes_it_on_coming_slots_and_moves_their_sequence(db, make_lawyer, make_slot):
    lawyer = make_lawyer()
    coming = make_slot(lawyer, days=10)
    past = make_slot(lawyer, starts_at=(utcnow() - timedelta(days=3)).replace(second=0, microsecond=0))
    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties, meeting_details=PHONE)
    db.expire_all()
    meeting = db.get(Meeting, coming.session_id)
    assert meeting.location == PHONE and meeting.ical_sequence == 1
    assert db.get(Meeting, past.session_id).location is None  # it took place where it did
    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties, meeting_details=PHONE)
    db.expire_all()
    assert db.get(Meeting, coming.session_id).ical_sequence == 1  # the same place again: calendars unchanged


def test_the_profile_form_saves_the_place(client, csrf, login, db, make_lawyer, make_slot):
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    login(lawyer.user)
    page = client.get("/avocat/profil").get_data(as_text=True)
    assert "Lien de visioconférence ou modalités (téléphone, adresse)" in page
    response = client.post("/avocat/profil", data={
        "csrf_token": csrf("/avocat/profil"), "firm": "", "specialties": lawyer.specialties,
        "meeting_details": "https://visio.exemple.org/maitre-statuts"})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Meeting, slot.session_id).video_url == "https://visio.exemple.org/maitre-statuts"


def test_the_booker_reads_the_place_on_the_page_in_the_mail_and_in_the_ics(client, login, db, make_user,
                                                                           make_lawyer, make_slot):
    lawyer, user = make_lawyer(), make_user(Role.FACILITATOR)
    slot = make_slot(lawyer)
    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties, meeting_details=PHONE)
    booking = _book(slot, user)
    assert f"Modalités : {PHONE}" in _mail_to(db, user).body
    login(user)
    page = client.get("/juri-ptce/mes-rendez-vous").get_data(as_text=True)
    assert french_spacing(f"Modalités : {PHONE}") in page
    event = Calendar.from_ical(client.get(f"/juri-ptce/rendez-vous/{booking.id}.ics").data).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == PHONE


def test_a_place_not_said_yet_is_said_so(client, login, db, make_user, make_lawyer, make_slot):
    lawyer, user = make_lawyer(), make_user(Role.FACILITATOR)
    _book(make_slot(lawyer), user)
    name = lawyer.user.display_name
    assert f"Modalités : pas encore indiquées ; {name} vous les précisera" in _mail_to(db, user).body
    lawyer_mail = _mail_to(db, lawyer.user).body
    assert "Précisez-les sur votre profil" in lawyer_mail and "http://entrepairs.test/avocat/profil" in lawyer_mail
    login(user)
    page = client.get("/juri-ptce/mes-rendez-vous").get_data(as_text=True)
    assert french_spacing(f"Modalités : pas encore indiquées ; {name} vous les précisera") in page


def _place_mails(db, user=None) -> list[OutboxMessage]:
    query = db.query(OutboxMessage).filter(OutboxMessage.key.contains(":place_changed:"),
                                           OutboxMessage.cancelled_at.is_(None))
    if user is not None:
        query = query.filter(OutboxMessage.recipient_id == user.id)
    return query.order_by(OutboxMessage.id).all()


def test_a_changed_place_is_mailed_to_whoever_booked_a_coming_slot_with_the_new_ics(db, make_user, make_pole,
                                                                                     make_lawyer, make_slot):
    lawyer = make_lawyer()
    booker = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux"))
    booked, free = make_slot(lawyer, days=10), make_slot(lawyer, days=12)
    past = make_slot(lawyer, starts_at=(utcnow() - timedelta(days=3)).replace(second=0, microsecond=0))
    _book(booked, booker)
    db.add(Booking(slot=past, booker=booker, question=QUESTION, question_key="passe", idempotency_key="passe",
                   status=BookingStatus.CONFIRMED, confirmed_at=utcnow() - timedelta(days=5)))
    db.commit()

    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties, meeting_details=PHONE)
    [mail] = _place_mails(db)  # one: the free slot and the past one tell nobody, the lawyer is not told their own change
    assert mail.recipient_id == booker.id
    assert mail.subject.startswith("Rendez-vous Juri-PTCE du ") and mail.subject.endswith("\u00a0: nouvelles modalités")
    assert f"{lawyer.user.display_name} a changé les modalités de ses rendez-vous Juri-PTCE." in mail.body
    assert "Votre rendez-vous se tiendra désormais ainsi :" in mail.body
    assert f"Modalités : {PHONE}" in mail.body and QUESTION in mail.body
    assert mail.attachment_type.startswith("text/calendar")
    event = Calendar.from_ical(mail.attachment_data).walk("VEVENT")[0]
    db.expire_all()
    assert str(event["LOCATION"]) == PHONE
    assert int(event["SEQUENCE"]) == db.get(Meeting, booked.session_id).ical_sequence
    assert db.get(Meeting, free.session_id).location == PHONE  # written there too, silently

    # The same details again: nothing changed, nobody is told.
    services.save_profile(lawyer.user, firm="Cabinet Statuts", specialties=lawyer.specialties, meeting_details=PHONE)
    assert len(_place_mails(db)) == 1

    # A video link now: a second notice, which replaces the first one if that one has not left yet.
    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties,
                          meeting_details="https://visio.exemple.org/maitre-statuts")
    [mail] = _place_mails(db)
    assert "Visioconférence : https://visio.exemple.org/maitre-statuts" in mail.body and PHONE not in mail.body
    event = Calendar.from_ical(mail.attachment_data).walk("VEVENT")[0]
    assert str(event["URL"]) == "https://visio.exemple.org/maitre-statuts"


def test_a_notice_already_sent_is_not_cancelled_by_the_next_change(db, make_user, make_lawyer, make_slot):
    lawyer, booker = make_lawyer(), make_user(Role.FACILITATOR)
    _book(make_slot(lawyer), booker)
    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties, meeting_details=PHONE)
    first = _place_mails(db, booker)[0]
    first.sent_at = utcnow()
    db.commit()
    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties, meeting_details="Au cabinet, 3 rue Haute")
    assert [m.id == first.id for m in _place_mails(db, booker)] == [True, False]


def test_a_cancelled_booking_and_a_waitlist_place_are_not_told_an_offered_slot_is(db, make_user, make_lawyer,
                                                                                 make_slot):
    lawyer = make_lawyer()
    holder, waiting, gone = (make_user(Role.FACILITATOR) for _ in range(3))
    slot = make_slot(lawyer)
    db.add_all([
        Booking(slot=slot, booker=holder, question=QUESTION, question_key="a", idempotency_key="a",
                status=BookingStatus.OFFERED, offered_at=utcnow()),
        Booking(slot=slot, booker=waiting, question=QUESTION, question_key="b", idempotency_key="b",
                status=BookingStatus.WAITLISTED),
        Booking(slot=slot, booker=gone, question=QUESTION, question_key="c", idempotency_key="c",
                status=BookingStatus.CANCELLED, cancelled_at=utcnow()),
    ])
    db.commit()
    services.save_profile(lawyer.user, firm="", specialties=lawyer.specialties, meeting_details=PHONE)
    [mail] = _place_mails(db)
    assert mail.recipient_id == holder.id
    assert "Le créneau qui vous est réservé se tiendra désormais ainsi :" in mail.body


def test_the_profile_form_tells_the_booker(client, csrf, login, db, make_user, make_lawyer, make_slot):
    lawyer, booker = make_lawyer(), make_user(Role.FACILITATOR)
    _book(make_slot(lawyer), booker)
    login(lawyer.user)
    response = client.post("/avocat/profil", data={
        "csrf_token": csrf("/avocat/profil"), "firm": "", "specialties": lawyer.specialties,
        "meeting_details": PHONE})
    assert response.status_code == 302
    assert [m.recipient_id for m in _place_mails(db)] == [booker.id]
