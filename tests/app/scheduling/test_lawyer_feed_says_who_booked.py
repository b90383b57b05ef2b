"""A lawyer's subscribed calendar tells a booked consultation from a free slot, and says who booked it and why
(walk of 7 December 2026: Hélène Marquet-Rivière's feed held eight identical events « Créneau Juri-PTCE avec Hélène
Marquet-Rivière », free and booked alike, her own name for the other party, and no question)."""

from __future__ import annotations

from app.legal import services as legal
from app.scheduling.feeds import feed_for
from models import Role


def _events(body: bytes) -> list[str]:
    text = body.decode().replace("\r\n ", "").replace("\u00a0", " ")  # unfolded, no-break spaces as spaces
    return text.split("BEGIN:VEVENT")[1:]


def test_the_feed_names_the_booker_and_the_question_and_says_free(db, make_user, make_pole, make_lawyer, make_slot):
    lawyer = make_lawyer()
    booked, free = make_slot(lawyer, days=10), make_slot(lawyer, days=11)
    booker = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux"), name="Awa Animatrice")
    legal.book_slot(slot_id=booked.id, booker=booker, question="Faut-il une convention d'occupation du local ?",
                    idempotency_key=legal.new_idempotency_key())
    events = _events(feed_for(lawyer.user))
    assert len(events) == 2
    first, second = events
    assert "SUMMARY:Juri-PTCE : rendez-vous avec Awa Animatrice (Pôle des Coteaux)" in first
    assert "Question posée :\\nFaut-il une convention d'occupation du local ?" in first
    assert f"/juri-ptce/creneaux/{booked.id}" in first
    assert "SUMMARY:Juri-PTCE : créneau libre" in second and f"/juri-ptce/creneaux/{free.id}" in second


def test_the_bookers_feed_is_unchanged(db, make_user, make_pole, make_lawyer, make_slot):
    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    booker = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux"))
    legal.book_slot(slot_id=slot.id, booker=booker, question="Faut-il une convention d'occupation du local ?",
                    idempotency_key=legal.new_idempotency_key())
    (event,) = _events(feed_for(booker))
    assert "SUMMARY:Créneau Juri-PTCE" in event and "rendez-vous avec" not in event
