"""« Mon espace » of a Juri-PTCE lawyer: the next consultations booked on her slots, or that none is yet."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from app.legal import services
from app.templating import format_datetime
from models import Role, utcnow

pytestmark = pytest.mark.web
QUESTION = "Comment rédiger les statuts de notre SCIC et organiser ses collèges de vote ?"


def _space(client) -> str:
    return html.unescape(client.get("/mon-espace").get_data(as_text=True))


def test_the_lawyer_reads_her_next_consultations_with_who_and_which_pole(client, login, make_user, make_pole,
                                                                       make_lawyer, make_slot):
    lawyer = make_lawyer()
    start = (utcnow() + timedelta(days=20)).replace(hour=13, minute=0, second=0, microsecond=0)
    slots = [make_slot(lawyer, starts_at=start + timedelta(minutes=45 * i)) for i in range(3)]
    login(lawyer.user)
    assert "Aucun rendez-vous réservé pour l'instant" in _space(client)
    facilitator = make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux"), name="Camille Animatrice")
    services.book_slot(slot_id=slots[1].id, booker=facilitator, question=QUESTION,
                       idempotency_key=services.new_idempotency_key())
    page = _space(client)
    section = page[page.index("Prochains rendez-vous"):]
    assert f'href="/juri-ptce/creneaux/{slots[1].id}"' in section
    assert format_datetime(slots[1].starts_at) in section and "Camille Animatrice (Pôle des Coteaux)" in section
    assert f"/juri-ptce/creneaux/{slots[0].id}\"" not in section  # a free slot is not a consultation
