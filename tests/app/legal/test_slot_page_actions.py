"""A lawyer's slot page (reached from « Mon espace », « Prochains rendez-vous ») offers what its card on « Mes
créneaux » offers: cancel the booking, close a free slot, reopen a closed one (walk 5: it had no action)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.legal import services
from models import Role, utcnow
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web
QUESTION = "Comment rédiger les statuts de notre SCIC et organiser ses collèges de vote ?"


@pytest.fixture
def slots(make_user, make_pole, make_lawyer, make_slot):
    lawyer = make_lawyer()
    start = (utcnow() + timedelta(days=20)).replace(hour=13, minute=0, second=0, microsecond=0)
    slots = [make_slot(lawyer, starts_at=start + timedelta(minutes=45 * i)) for i in range(2)]
    facilitator = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux"))
    services.book_slot(slot_id=slots[0].id, booker=facilitator, question=QUESTION,
                       idempotency_key=services.new_idempotency_key())
    return lawyer, slots


def test_the_booked_slot_page_leads_to_cancelling_the_booking(client, login, slots):
    lawyer, (booked, _) = slots
    login(lawyer.user)
    assert f'href="/juri-ptce/creneaux/{booked.id}"' in page_html(client.get("/mon-espace"))
    page = page_html(client.get(f"/juri-ptce/creneaux/{booked.id}"))
    assert f'href="/juri-ptce/creneaux/{booked.id}/fermer">Annuler ce rendez-vous</a>' in page


def test_a_free_slot_page_closes_it_and_a_closed_one_says_so_and_reopens(client, login, slots):
    lawyer, (_, free) = slots
    login(lawyer.user)
    page = page_html(client.get(f"/juri-ptce/creneaux/{free.id}"))
    assert f'action="/juri-ptce/creneaux/{free.id}/fermer"' in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post(f"/juri-ptce/creneaux/{free.id}/fermer", data={"csrf_token": token})
    closed = page_html(client.get(f"/juri-ptce/creneaux/{free.id}"))
    assert "Fermé" in closed and "n&#39;est pas réservé" not in closed
    assert f'action="/juri-ptce/creneaux/{free.id}/rouvrir"' in closed
