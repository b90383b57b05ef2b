"""Juri-PTCE bookings and personal data: a leaver's slot is freed, the lawyer told, the waitlist served."""

from __future__ import annotations

from app.legal import services
from app.privacy.services import delete_account, export_user_data
from models import Booking, BookingStatus, OutboxMessage


def test_deleting_account_frees_slot_for_waitlist_and_tells_lawyer(db, make_user, make_lawyer, make_slot):
    leaver, waiting = make_user(), make_user()
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    services.book_slot(slot_id=slot.id, booker=leaver, question="Faut-il une convention d'occupation ?",
                       idempotency_key=services.new_idempotency_key())
    queued = services.join_waitlist(slot_id=slot.id, booker=waiting, question="Question en attente du créneau.",
                                    idempotency_key=services.new_idempotency_key()).booking
    assert export_user_data(db, user=leaver)["rendez_vous_juri_ptce"][0]["question"].startswith("Faut-il")
    delete_account(db, user=leaver)
    db.expire_all()
    assert db.get(Booking, queued.id).status is BookingStatus.OFFERED
    to_lawyer = db.query(OutboxMessage).filter(OutboxMessage.to_email == lawyer.user.email).all()
    assert any("annulé" in m.subject for m in to_lawyer)
    assert db.query(OutboxMessage).filter(OutboxMessage.to_email == leaver.email).count() == 0
