"""A lawyer's account deactivated: her slots to come are withdrawn (no page offers them, no booking takes them), each
pole booked or waiting on one is told by mail, the administrator reads what was withdrawn; a past consultation keeps
its history, and a reactivation reopens nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.admin import accounts
from app.legal import services as legal
from app.legal.slots import free_slots, full_slots
from models import Booking, BookingStatus, LegalSlot, MeetingStatus, OutboxMessage, Role, User, utcnow
from tests.app.admin.test_deactivation_releases import _deactivate
from tests.app.html_parts import page_html, page_text
from tests.conftest import extract_csrf


def _book(slot: LegalSlot, who: User, question: str, *, wait: bool = False) -> Booking:
    act = legal.join_waitlist if wait else legal.book_slot
    return act(slot_id=slot.id, booker=who, question=question, idempotency_key=legal.new_idempotency_key()).booking


def _scene(db, make_user, make_pole, make_lawyer, make_slot):
    """Maître Claire Dupont: a slot booked (a pole waiting behind), a free one, and a consultation given last week."""
    lawyer = make_lawyer(user=make_user(Role.LAWYER, name="Claire Dupont"))
    booker = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Monts"), name="Léa Booke")
    waiting = make_user(Role.FACILITATOR, pole=make_pole("Pôle du Val"), name="Vincent Attend")
    booked, free = make_slot(lawyer, days=9), make_slot(lawyer, days=10)
    held = _book(booked, booker, "Faut-il une convention d'occupation ?")
    queued = _book(booked, waiting, "Quel bail pour le tiers-lieu ?", wait=True)
    past = make_slot(lawyer, days=-7)
    given = Booking(slot_id=past.id, booker_id=booker.id, pole_id=booker.pole_id, question="Nos statuts ?",
                    question_key="statuts", status=BookingStatus.CONFIRMED, idempotency_key="passe",
                    confirmed_at=utcnow() - timedelta(days=10))
    db.add(given)
    db.commit()
    return lawyer, booker, waiting, (booked, free, past), (held, queued, given)


def test_a_deactivated_lawyers_slots_are_withdrawn_and_each_pole_told(
        app, db, client, login, make_user, make_pole, make_lawyer, make_slot):
    lawyer, booker, waiting, (booked, free, past), (held, queued, given) = _scene(
        db, make_user, make_pole, make_lawyer, make_slot)
    login(make_user(Role.ADMIN))
    before = page_text(client.get(f"/admin/comptes/{lawyer.user_id}"))
    assert "2 créneaux Juri-PTCE à venir" in before and "Dont 1 consultation réservée" in before
    assert "La désactivation les retire" in before and "la désactivation n'annule rien" not in before

    said = page_text(_deactivate(client, lawyer.user))

    assert ("Ses 2 créneaux Juri-PTCE à venir sont retirés : 1 rendez-vous annulé et 1 place en liste d'attente "
            "annulée, chaque pôle concerné est prévenu par e-mail ; une réactivation ne les rouvrira pas.") in said
    assert ("2 créneaux Juri-PTCE à venir de cette personne sont fermés : une réactivation ne les rouvre pas ; une "
            "fois le compte réactivé, ils se rouvrent depuis") in said
    db.expire_all()
    assert db.get(LegalSlot, booked.id).session.status is MeetingStatus.CANCELLED
    assert db.get(LegalSlot, free.id).session.status is MeetingStatus.CANCELLED
    assert db.get(Booking, held.id).status is BookingStatus.CANCELLED and db.get(Booking, held.id).slot_closed
    assert db.get(Booking, queued.id).status is BookingStatus.CANCELLED  # the waitlist cleared, not offered the slot
    # The consultation given keeps its history.
    assert db.get(LegalSlot, past.id).session.status is MeetingStatus.SCHEDULED
    assert db.get(Booking, given.id).status is BookingStatus.CONFIRMED

    mails = {m.recipient_id: m for m in db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":lawyer-away:")))}
    assert set(mails) == {booker.id, waiting.id}
    told = mails[booker.id]
    assert "Maître Claire Dupont ne consulte plus" in told.subject
    assert "Maître Claire Dupont ne donne plus de consultations Juri-PTCE pour le moment : votre rendez-vous est donc " \
           "annulé." in told.body and "Avec : Maître Claire Dupont" in told.body
    assert told.attachment_name == "juri-ptce.ics" and b"STATUS:CANCELLED" in told.attachment_data
    assert "votre place sur la liste d'attente de ce créneau est donc annulée" in mails[waiting.id].body
    assert mails[waiting.id].attachment_data is None
    assert mails[waiting.id].subject.startswith("Liste d'attente Juri-PTCE du ")
    assert not db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == waiting.id,
                                                     OutboxMessage.key.contains(":offered")))


def test_a_withdrawn_slot_is_neither_offered_nor_booked(db, make_user, make_pole, make_lawyer, make_slot):
    lawyer, booker, waiting, (booked, free, _), _ = _scene(db, make_user, make_pole, make_lawyer, make_slot)
    other = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Causses"))
    assert free_slots(lawyer) and full_slots(lawyer)

    change = accounts.set_active(admin=make_user(Role.ADMIN), user=lawyer.user, active=False)

    assert change.withdrawn == accounts.Withdrawal(slots=2, appointments=1, waitlisted=1)
    assert free_slots(lawyer) == [] and full_slots(lawyer) == []
    for slot in (free, booked):  # a page opened before the deactivation still posts its form
        with pytest.raises(legal.BookingError, match="n'existe plus"):
            _book(slot, other, "Une question posée trop tard ?")


def test_reactivation_reopens_nothing_and_says_so(db, client, login, make_user, make_pole, make_lawyer, make_slot):
    lawyer, booker, _, (booked, free, _), (held, _, _) = _scene(db, make_user, make_pole, make_lawyer, make_slot)
    login(make_user(Role.ADMIN))
    _deactivate(client, lawyer.user)
    token = extract_csrf(page_html(client.get(f"/admin/comptes/{lawyer.user_id}")))
    client.post(f"/admin/comptes/{lawyer.user_id}/reactiver", data={"csrf_token": token})
    db.expire_all()
    assert db.get(User, lawyer.user_id).is_active
    assert db.get(LegalSlot, free.id).session.status is MeetingStatus.CANCELLED
    assert db.get(Booking, held.id).status is BookingStatus.CANCELLED
    assert free_slots(lawyer) == []


def test_the_pole_reads_it_in_its_appointments(app, db, make_user, make_pole, make_lawyer, make_slot):
    from tests.app.security.routes import log_in

    lawyer, booker, _, _, _ = _scene(db, make_user, make_pole, make_lawyer, make_slot)
    accounts.set_active(admin=make_user(Role.ADMIN), user=lawyer.user, active=False)
    theirs = app.test_client()
    log_in(theirs, booker)
    page = page_text(theirs.get("/juri-ptce/mes-rendez-vous"))
    assert "Claire Dupont ne pourra pas assurer ce créneau : votre rendez-vous est annulé." in page


def test_an_account_not_a_lawyer_withdraws_nothing(db, make_user, make_pole):
    change = accounts.set_active(admin=make_user(Role.ADMIN), user=make_user(Role.FACILITATOR, pole=make_pole()),
                                 active=False)
    assert change.withdrawn == accounts.Withdrawal()


def test_withdrawn_slots_are_said_with_their_figures():
    from app.admin.views import _released

    one = _released(accounts.ActiveChange(user=None, withdrawn=accounts.Withdrawal(slots=1)))
    assert one == " Son créneau Juri-PTCE à venir est retiré ; une réactivation ne le rouvrira pas."
    many = _released(accounts.ActiveChange(user=None, withdrawn=accounts.Withdrawal(slots=8, appointments=2)))
    assert many == (" Ses 8\u00a0créneaux Juri-PTCE à venir sont retirés : 2\u00a0rendez-vous annulés, chaque pôle "
                    "concerné est prévenu par e-mail ; une réactivation ne les rouvrira pas.")


def test_a_deactivated_lawyers_slots_are_not_reopened_until_she_is_back(
        app, db, make_user, make_pole, make_lawyer, make_slot):
    """Walk: the organisers' page of her slots offered « Rouvrir » on every withdrawn slot: reopened, it would be
    offered again with nobody to hold it."""
    from app.legal import closing
    from tests.app.security.routes import log_in

    lawyer, _, _, (_, free, _), _ = _scene(db, make_user, make_pole, make_lawyer, make_slot)
    admin = organiser = make_user(Role.ADMIN)  # runs Juri-PTCE, as Coorace's and RTES's organisers do
    accounts.set_active(admin=admin, user=lawyer.user, active=False)
    with pytest.raises(legal.BookingError, match="Le compte de Claire Dupont est désactivé"):
        closing.reopen_slot(slot_id=free.id, by=organiser)
    theirs = app.test_client()
    log_in(theirs, organiser)
    page = page_text(theirs.get(f"/juri-ptce/avocats/{lawyer.id}/creneaux"))
    assert "Le compte de Claire Dupont est désactivé : ses créneaux restent fermés jusqu'à sa réactivation." in page
    assert "Rouvrir" not in page
    accounts.set_active(admin=admin, user=lawyer.user, active=True)  # back: her slots are hers to reopen
    assert closing.reopen_slot(slot_id=free.id, by=organiser).session.status is MeetingStatus.SCHEDULED
