"""Juri-PTCE under the bell: the lawyer hears of each booking, cancellation and move, the booker of what others did."""

from __future__ import annotations

from app.legal import closing, services
from models import Notification, Role, User


def _book(slot, user):
    return services.book_slot(slot_id=slot.id, booker=user, question="Comment rédiger les statuts de notre SCIC ?",
                              idempotency_key=services.new_idempotency_key()).booking


def _bell(db, user_id: int) -> list[Notification]:
    return db.query(Notification).filter(Notification.user_id == user_id).order_by(Notification.id).all()


def test_the_lawyer_hears_of_a_booking_and_its_cancellation_under_the_bell(db, make_user, make_lawyer, make_slot):
    lawyer, booker = make_lawyer(), make_user(Role.FACILITATOR)
    slot = make_slot(lawyer)
    booking = _book(slot, booker)
    services.cancel_booking(booking_id=booking.id, by=booker)
    services.cancel_booking(booking_id=booking.id, by=booker)  # a double click: one notice
    notices = _bell(db, lawyer.user_id)
    assert [n.text.split("\u00a0:")[0] for n in notices] == ["Rendez-vous Juri-PTCE confirmé",
                                                             "Rendez-vous Juri-PTCE annulé"]
    assert all(n.text.endswith(f", avec {booker.display_name}") for n in notices)
    assert {n.url for n in notices} == {f"/juri-ptce/creneaux/{slot.id}"}
    assert all(n.category == "booking" and n.digested_at is not None for n in notices)  # its mail left at once
    db.expire_all()
    assert db.get(User, lawyer.user_id).unread_notifications == 2
    # The booker did it: their own booking does not ring their bell.
    assert _bell(db, booker.id) == []


def test_the_lawyer_left_by_a_move_and_the_new_one_hear_of_it(db, make_user, make_lawyer, make_slot):
    booker, first, second = make_user(), make_lawyer("statuts"), make_lawyer("travail")
    booking = _book(make_slot(first), booker)
    services.reschedule_booking(booking_id=booking.id, new_slot_id=make_slot(second, days=40).id, by=booker)
    assert _bell(db, first.user_id)[-1].text.startswith("Rendez-vous Juri-PTCE déplacé chez Maître Travail")
    assert _bell(db, second.user_id)[-1].text.startswith("Rendez-vous Juri-PTCE déplacé au ")


def test_the_booker_hears_of_a_freed_slot_and_of_a_slot_closed_by_the_lawyer(db, make_user, make_lawyer, make_slot):
    lawyer, holder, waiting = make_lawyer(), make_user(), make_user()
    slot = make_slot(lawyer)
    booking = _book(slot, holder)
    services.join_waitlist(slot_id=slot.id, booker=waiting, question="Une question en attente d'un créneau.",
                           idempotency_key=services.new_idempotency_key())
    services.cancel_booking(booking_id=booking.id, by=holder)
    offered = _bell(db, waiting.id)
    assert [n.text.split("\u00a0:")[0] for n in offered] == ["Un créneau Juri-PTCE s'est libéré pour vous"]
    assert offered[0].url == "/juri-ptce/mes-rendez-vous"
    other = make_slot(lawyer, days=40)
    _book(other, holder)
    closing.close_slots(slot_ids=[other.id], by=db.get(User, lawyer.user_id), reason="Audience imprévue.")
    assert _bell(db, holder.id)[-1].text.startswith("Rendez-vous Juri-PTCE avec ")


def test_the_lawyer_s_bell_names_the_booker_s_pole(db, make_user, make_pole, make_lawyer, make_slot):
    """A lawyer prepares for a pole: the notice said « avec Claire Dumas » and nothing of her pole."""
    lawyer = make_lawyer()
    booker = make_user(Role.FACILITATOR, name="Claire Dumas", pole=make_pole("Collectif du Livradois"))
    _book(make_slot(lawyer), booker)
    assert _bell(db, lawyer.user_id)[-1].text.endswith(", avec Claire Dumas (Collectif du Livradois)")
