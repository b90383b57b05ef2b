"""One Juri-PTCE appointment at a time: a person never holds two appointments whose hours overlap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.legal import services
from models import Booking, BookingStatus, utcnow

STATUTES = "Comment rédiger les statuts de notre SCIC et organiser ses collèges de vote ?"
EMPLOYMENT = "Peut-on partager un poste de coordination entre trois structures du pôle ?"


def _book(slot, user, question):
    return services.book_slot(slot_id=slot.id, booker=user, question=question,
                              idempotency_key=services.new_idempotency_key()).booking


@pytest.fixture
def same_hour(make_lawyer, make_slot):
    """Two lawyers' slots at the same hour."""
    start = (utcnow() + timedelta(days=15)).replace(hour=13, minute=0, second=0, microsecond=0)
    statutes, employment = make_lawyer("statuts"), make_lawyer("travail")
    return start, make_slot(statutes, starts_at=start), make_slot(employment, starts_at=start)


def test_a_second_question_at_the_same_hour_is_refused_naming_the_first(db, make_user, same_hour):
    _, first, second = same_hour
    user = make_user()
    _book(first, user, STATUTES)
    with pytest.raises(services.BookingError) as refused:
        _book(second, user, EMPLOYMENT)
    message = str(refused.value)
    assert message.startswith("Vous avez déjà un rendez-vous Juri-PTCE à cette heure-là : le ")
    assert first.lawyer.user.display_name in message and f"« {STATUTES} »" in message
    assert "Un seul rendez-vous à la fois" in message
    assert db.query(Booking).filter(Booking.slot_id == second.id).count() == 0
    # Cancelling the first frees the hour.
    services.cancel_booking(booking_id=db.query(Booking).filter(Booking.slot_id == first.id).one().id, by=user)
    assert _book(second, user, EMPLOYMENT).status is BookingStatus.CONFIRMED


def test_overlapping_hours_are_refused_the_next_slot_is_not(make_user, make_lawyer, make_slot, same_hour):
    start, first, _ = same_hour
    user = make_user()
    _book(first, user, STATUTES)
    public = make_lawyer("public")
    with pytest.raises(services.BookingError, match="à cette heure-là"):
        _book(make_slot(public, starts_at=start + timedelta(minutes=30)), user, EMPLOYMENT)
    assert _book(make_slot(public, starts_at=start + timedelta(minutes=45)), user, EMPLOYMENT).status \
        is BookingStatus.CONFIRMED


def test_moving_onto_an_hour_already_taken_is_refused_moving_itself_is_not(make_user, make_lawyer, make_slot,
                                                                          same_hour):
    start, first, second = same_hour
    user = make_user()
    held = _book(first, user, STATUTES)
    other = _book(make_slot(make_lawyer("public"), starts_at=start + timedelta(days=28)), user, EMPLOYMENT)
    with pytest.raises(services.BookingError, match="à cette heure-là"):
        services.reschedule_booking(booking_id=other.id, new_slot_id=second.id, by=user)
    moved = services.reschedule_booking(booking_id=held.id, new_slot_id=second.id, by=user)
    assert moved.slot_id == second.id and moved.status is BookingStatus.CONFIRMED


def test_a_freed_slot_offered_at_an_hour_already_taken_cannot_be_accepted(db, make_user, same_hour):
    _, first, second = same_hour
    holder, user = make_user(), make_user()
    held = _book(second, holder, EMPLOYMENT)
    waiting = services.join_waitlist(slot_id=second.id, booker=user, question="Une question sur le temps partagé.",
                                     idempotency_key=services.new_idempotency_key()).booking
    _book(first, user, STATUTES)
    services.cancel_booking(booking_id=held.id, by=holder)
    db.expire_all()
    assert db.get(Booking, waiting.id).status is BookingStatus.OFFERED
    with pytest.raises(services.BookingError, match="à cette heure-là"):
        services.accept_offer(booking_id=waiting.id, by=user)
    db.expire_all()
    assert db.get(Booking, waiting.id).status is BookingStatus.OFFERED


def test_the_booking_page_offers_no_slot_at_an_hour_already_held(make_user, make_lawyer, make_slot, same_hour):
    start, first, second = same_hour
    user = make_user()
    _book(first, user, STATUTES)
    later = make_slot(second.lawyer, starts_at=start + timedelta(minutes=45))
    offered = {slot.id for choice in services.propose(EMPLOYMENT, booker=user).choices for slot in choice.slots}
    assert second.id not in offered and later.id in offered  # the same hour with another lawyer is not offered
    assert second.id in {slot.id for choice in services.propose(EMPLOYMENT, booker=make_user()).choices
                         for slot in choice.slots}  # to someone else, it is
