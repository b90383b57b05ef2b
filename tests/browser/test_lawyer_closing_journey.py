"""A lawyer who cannot be there closes an afternoon with a booked slot; the pole reads the mail and the notice."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest

from app.extensions import db
from app.legal import services
from models import User
from tests.browser.conftest import ARTIFACTS
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.pole.territoire.solidaire.du.lauragais@demo.entrepairs.fr"
LAWYER = "helene.marquet.riviere@demo.entrepairs.fr"
QUESTION = ("Notre SCIC veut accueillir une commune comme associée : quelles clauses prévoir dans les statuts "
            "pour son collège de vote ?")
REASON = "Une audience au tribunal a été fixée ce jour-là."


def _book_her_first_free_slot(site) -> tuple[int, str]:
    """The pole books the lawyer's first free slot at an hour it has free: (booking id, afternoon's day)."""
    from sqlalchemy import select

    with site.app.app_context():
        booker = db.session.scalar(select(User).where(User.email == FACILITATOR))
        lawyer = services.lawyer_profile_of(db.session.scalar(select(User).where(User.email == LAWYER)))
        from app.legal.bookings import appointment_at_that_hour

        # Other journeys of the shared demo may hold an appointment at her first hour: one at a time.
        slot = next(s for s in services.offered_slots(lawyer) if appointment_at_that_hour(booker, s) is None)
        booking = services.book_slot(slot_id=slot.id, booker=booker, question=QUESTION,
                                     idempotency_key=services.new_idempotency_key()).booking
        from app.legal.closing import local_day

        return booking.id, local_day(slot).isoformat()


def test_lawyer_closes_an_afternoon_and_the_pole_reads_why(page, browser, live_site):
    booking_id, day = _book_her_first_free_slot(live_site)

    sign_in(page, live_site, LAWYER)
    page.get_by_role("link", name="Juri-PTCE").first.click()
    page.get_by_role("heading", name="Mes créneaux Juri-PTCE").wait_for()
    afternoon = page.locator(f"section[aria-labelledby='apres-midi-{day}']")
    afternoon.get_by_text("Réservé par").wait_for()
    afternoon.get_by_role("link", name="Fermer tout l'après-midi").click()
    page.get_by_role("heading", name="Fermer l'après-midi").wait_for()
    page.get_by_role("button", name="Fermer l'après-midi").click()
    page.get_by_text("Écrivez le motif de l'annulation").first.wait_for()  # someone booked: the reason is asked
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "lawyer_close_afternoon_reason.png"), full_page=True)
    page.get_by_label("Motif, transmis au pôle qui a réservé").fill(REASON)
    page.get_by_role("button", name="Fermer l'après-midi").click()
    page.get_by_text("concerné est prévenu par e-mail").wait_for()
    assert afternoon.get_by_text("Fermé", exact=True).count() >= 2
    assert afternoon.get_by_role("button", name="Rouvrir ce créneau").count() >= 2
    assert afternoon.get_by_text(f"motif : {REASON}").count() == 1
    page.screenshot(path=str(ARTIFACTS / "lawyer_closed_afternoon.png"), full_page=True)

    mail = live_site.last_mail_to(FACILITATOR)
    assert str(make_header(decode_header(mail["Subject"]))) == "Rendez-vous Juri-PTCE avec Hélène Marquet-Rivière annulé"
    part = mail.get_payload(0) if mail.is_multipart() else mail
    body = part.get_payload(decode=True).decode("utf-8")
    assert REASON in body and QUESTION in body
    link = f"{live_site.url}/juri-ptce/rendez-vous/{booking_id}/reprendre"
    assert link in body

    pole = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    sign_in(pole, live_site, FACILITATOR)
    pole.goto(f"{live_site.url}/juri-ptce/mes-rendez-vous")
    card = pole.locator(".card", has_text=QUESTION[:40])
    card.get_by_text(f"Motif : {REASON}").wait_for()
    assert "ne pourra pas assurer ce créneau\u00a0: votre rendez-vous est annulé" in card.inner_text()
    pole.screenshot(path=str(ARTIFACTS / "pole_after_cancellation.png"), full_page=True)
    card.get_by_role("link", name="Réserver un autre créneau pour cette question").click()
    pole.get_by_role("heading", name="Avocat·es et créneaux libres").wait_for()
    assert pole.get_by_label("Votre question juridique").input_value() == QUESTION
    pole.context.close()
