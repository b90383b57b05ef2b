"""A Juri-PTCE question told over several lines (or pasted with tabs) can be booked.

The question travels from the proposal page to the booking in a hidden field: it must pass there as it passed
in the text area, where line breaks and tabs are allowed (walk of 6 December 2026: « Le formulaire de
réservation est incomplet » for any question of two lines).
"""

from __future__ import annotations

import pytest

from models import Booking, BookingStatus, Role

pytestmark = pytest.mark.web

STORY = ("Notre coordinatrice est payée par la Région jusqu'en juin.\r\nTrois associations voudraient partager "
         "son poste :\r\n\t- qui serait l'employeur ?\r\n\t- faut-il une nouvelle structure ?")


@pytest.mark.parametrize("route", ["/juri-ptce/reserver", "/juri-ptce/liste-attente"])
def test_a_question_of_several_lines_is_booked(route, client, login, csrf, make_user, make_pole, make_lawyer,
                                               make_slot, db):
    slot = make_slot(make_lawyer("travail"), days=10)
    if route.endswith("liste-attente"):  # a waitlist needs a taken slot
        login(make_user(Role.FACILITATOR, pole=make_pole()))
        client.post("/juri-ptce/reserver", data={"csrf_token": csrf("/juri-ptce/"), "slot_id": str(slot.id),
                                                 "question": "Une autre question, sur une ligne.",
                                                 "idempotency_key": "o" * 32})
        client.post("/compte/deconnexion", data={"csrf_token": csrf("/juri-ptce/")})
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    response = client.post(route, data={"csrf_token": csrf("/juri-ptce/"), "slot_id": str(slot.id),
                                        "question": STORY, "idempotency_key": "k" * 32})
    assert response.status_code == 302, response.get_data(as_text=True)
    mine = db.query(Booking).filter(Booking.question.like("Notre coordinatrice%")).one()
    assert mine.question == STORY.replace("\r\n", "\n")
    assert mine.status is (BookingStatus.WAITLISTED if route.endswith("liste-attente") else BookingStatus.CONFIRMED)
