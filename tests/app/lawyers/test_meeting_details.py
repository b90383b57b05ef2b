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
from models import Meeting, OutboxMessage, Role, utcnow

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
