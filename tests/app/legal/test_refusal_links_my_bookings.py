"""A refused booking that says « déplacez ou annulez ce rendez-vous dans « Mes rendez-vous » » links that page (walk
of a new facilitator: a second tab booked another slot for the same question and the page gave only « Retour aux
créneaux »)."""

from __future__ import annotations

import pytest

from app.legal import services
from models import Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web
QUESTION = "Nos pêcheurs veulent créer une SCIC avec la mairie : qui peut être associé ?"


def test_a_second_slot_for_the_same_question_is_refused_with_the_way_to_move_it(client, login, csrf, make_user,
                                                                                 make_pole, make_lawyer, make_slot):
    facilitator = make_user(Role.FACILITATOR, pole=make_pole())
    lawyer = make_lawyer("statuts")
    first, second = make_slot(lawyer, days=10), make_slot(lawyer, days=40)
    services.book_slot(slot_id=first.id, booker=facilitator, question=QUESTION, idempotency_key="a" * 32)
    login(facilitator)
    response = client.post("/juri-ptce/reserver", data={"csrf_token": csrf("/juri-ptce/"), "slot_id": str(second.id),
                                                        "question": QUESTION, "idempotency_key": "b" * 32})
    page = page_html(response)
    assert response.status_code == 409 and "Mes rendez-vous" in page
    assert '<a href="/juri-ptce/mes-rendez-vous">Mes rendez-vous Juri-PTCE</a>' in page
