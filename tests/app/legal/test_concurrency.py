"""Concurrent bookings of one slot through the web layer: exactly one wins, the others get a clear refusal."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from flask import Flask

from models import Booking, BookingStatus, Role
from tests.conftest import PASSWORD, extract_csrf
from tests.app.html_parts import page_html

QUESTION = "Comment rédiger les statuts de notre SCIC et organiser ses collèges de vote ?"
TAKEN = "vient d&#39;être réservé par quelqu&#39;un d&#39;autre"


def _race(app: Flask, users, slot_id: int, *, same_key: bool = False) -> list[tuple[int, str]]:
    """Each user logs in with their own client, then all post the booking form at the same instant."""
    barrier = threading.Barrier(len(users))
    results: list[tuple[int, str]] = []
    lock = threading.Lock()
    shared_key = uuid.uuid4().hex

    def one(email: str) -> None:
        try:
            client = app.test_client()
            token = extract_csrf(page_html(client.get("/compte/connexion")))
            assert client.post("/compte/connexion", data={"csrf_token": token, "email": email,
                                                          "password": PASSWORD}).status_code == 302
            token = extract_csrf(page_html(client.get("/juri-ptce/")))
            barrier.wait(timeout=120)
            response = client.post("/juri-ptce/reserver", data={
                "csrf_token": token, "slot_id": str(slot_id), "question": QUESTION,
                "idempotency_key": shared_key if same_key else uuid.uuid4().hex})
            outcome = (response.status_code, page_html(response))
        except Exception as error:  # noqa: BLE001 - reported as a failure below
            barrier.abort()
            outcome = (-1, repr(error))
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one, args=(u.email,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _fifty_bookings(app, db, make_user, make_lawyer, make_slot) -> None:
    slot = make_slot(make_lawyer())
    users = [make_user(Role.FACILITATOR) for _ in range(50)]
    results = _race(app, users, slot.id)
    statuses = sorted(status for status, _ in results)
    assert len(results) == 50
    assert statuses.count(302) == 1, [r for r in results if r[0] not in (302, 409)][:2]
    assert statuses.count(409) == 49
    assert all(TAKEN in body for status, body in results if status == 409)
    db.expire_all()
    confirmed = db.query(Booking).filter(Booking.slot_id == slot.id, Booking.status == BookingStatus.CONFIRMED)
    assert confirmed.count() == 1
    assert db.query(Booking).count() == 1


def _same_form_racing(app, db, make_user, make_lawyer, make_slot) -> None:
    """One person's double click arriving twice at once (two tabs sharing one form)."""
    slot = make_slot(make_lawyer())
    user = make_user(Role.FACILITATOR)
    results = _race(app, [user, user], slot.id, same_key=True)
    assert sorted(status for status, _ in results) == [302, 302]
    assert db.query(Booking).count() == 1


needs_postgres = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                    reason="TEST_DATABASE_URL (PostgreSQL) absent")
needs_sqlite = pytest.mark.skipif(os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                  reason="variante SQLite")


@pytest.mark.postgres
@needs_postgres
def test_fifty_concurrent_bookings_one_confirmed_postgres(app, db, make_user, make_lawyer, make_slot):
    _fifty_bookings(app, db, make_user, make_lawyer, make_slot)


@needs_sqlite
def test_fifty_concurrent_bookings_one_confirmed_sqlite(app, db, make_user, make_lawyer, make_slot):
    _fifty_bookings(app, db, make_user, make_lawyer, make_slot)


@pytest.mark.postgres
@needs_postgres
def test_same_form_posted_concurrently_books_once_postgres(app, db, make_user, make_lawyer, make_slot):
    _same_form_racing(app, db, make_user, make_lawyer, make_slot)


@needs_sqlite
def test_same_form_posted_concurrently_books_once_sqlite(app, db, make_user, make_lawyer, make_slot):
    _same_form_racing(app, db, make_user, make_lawyer, make_slot)


def _book_at_once(app, user, bookings: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``user`` signed in from one tab per booking (slot id, question), all sent at the same instant:
    each tab's (status code, page), or (-1, the error) when a tab failed before sending."""
    barrier = threading.Barrier(len(bookings))
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def one(slot_id: int, question: str) -> None:
        try:
            client = app.test_client()
            token = extract_csrf(page_html(client.get("/compte/connexion")))
            client.post("/compte/connexion", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
            token = extract_csrf(page_html(client.get("/juri-ptce/")))
            barrier.wait(timeout=120)
            response = client.post("/juri-ptce/reserver", data={
                "csrf_token": token, "slot_id": str(slot_id), "question": question,
                "idempotency_key": uuid.uuid4().hex})
            outcome = (response.status_code, page_html(response))
        except Exception as error:  # noqa: BLE001 - reported as a failure below
            barrier.abort()
            outcome = (-1, repr(error))
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=one, args=booking) for booking in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def _same_question_two_slots(app, db, make_user, make_lawyer, make_slot) -> None:
    """One person books two slots for one question from two tabs at once: one booking, one clear refusal."""
    lawyer = make_lawyer()
    first, second = make_slot(lawyer, days=10), make_slot(lawyer, days=10.05)
    user = make_user(Role.FACILITATOR)
    results = _book_at_once(app, user, [(first.id, QUESTION), (second.id, QUESTION)])
    assert sorted(status for status, _ in results) == [302, 409], [r[1][:300] for r in results]
    refused = next(body for status, body in results if status == 409)
    assert "Une seule réservation par question" in refused
    db.expire_all()
    assert db.query(Booking).filter(Booking.status == BookingStatus.CONFIRMED).count() == 1


@pytest.mark.postgres
@needs_postgres
def test_same_question_on_two_slots_at_once_books_once_postgres(app, db, make_user, make_lawyer, make_slot):
    _same_question_two_slots(app, db, make_user, make_lawyer, make_slot)


@needs_sqlite
def test_same_question_on_two_slots_at_once_books_once_sqlite(app, db, make_user, make_lawyer, make_slot):
    _same_question_two_slots(app, db, make_user, make_lawyer, make_slot)


SECOND_QUESTION = "Peut-on partager un poste de coordination entre trois structures du pôle ?"


def _two_questions_same_hour(app, db, make_user, make_lawyer, make_slot) -> None:
    """One person books two questions with two lawyers at the same hour from two tabs at once: one
    appointment, and a refusal naming it (the booker's row is locked before the slots)."""
    start = make_slot(make_lawyer("statuts"), days=12)
    other = make_slot(make_lawyer("travail"), starts_at=start.starts_at)
    user = make_user(Role.FACILITATOR)
    results = _book_at_once(app, user, [(start.id, QUESTION), (other.id, SECOND_QUESTION)])
    assert sorted(status for status, _ in results) == [302, 409], [r[1][:300] for r in results]
    refused = next(body for status, body in results if status == 409)
    assert "Vous avez déjà un rendez-vous Juri-PTCE à cette heure-là" in refused
    db.expire_all()
    assert db.query(Booking).filter(Booking.status == BookingStatus.CONFIRMED).count() == 1
    assert db.query(Booking).count() == 1


@pytest.mark.postgres
@needs_postgres
def test_two_questions_at_the_same_hour_at_once_book_one_postgres(app, db, make_user, make_lawyer, make_slot):
    _two_questions_same_hour(app, db, make_user, make_lawyer, make_slot)


@needs_sqlite
def test_two_questions_at_the_same_hour_at_once_book_one_sqlite(app, db, make_user, make_lawyer, make_slot):
    _two_questions_same_hour(app, db, make_user, make_lawyer, make_slot)
