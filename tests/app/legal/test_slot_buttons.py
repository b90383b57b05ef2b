"""The slots offered for a question: one primary button (the recommended slot), the others secondary (issue 15)."""

from __future__ import annotations

import pytest

from models import Booking, Role
from tests.app.html_parts import buttons
from tests.app.legal.test_views import QUESTION, _book_data

pytestmark = pytest.mark.web


def test_only_the_recommended_slot_is_a_primary_button(client, login, csrf, make_user, make_pole, make_lawyer,
                                                       make_slot):
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    for name in ("statuts", "travail"):
        lawyer = make_lawyer(name)
        make_slot(lawyer, days=10)
        make_slot(lawyer, days=40)
    page = client.post("/juri-ptce/", data={"csrf_token": csrf("/juri-ptce/"), "question": QUESTION},
                       follow_redirects=True).get_data(as_text=True)
    slots = [b for b in buttons(page) if b.text.startswith("Réserver le ")]
    assert len(slots) == 4
    assert [b.classes for b in slots].count({"button"}) == 1 and slots[0].classes == {"button"}
    assert all(b.classes == {"button", "button-secondary"} for b in slots[1:])


def test_each_slot_button_names_its_lawyer_for_a_screen_reader(client, login, csrf, make_user, make_pole,
                                                                make_lawyer, make_slot):
    """Three lawyers, the same afternoons: a list of buttons read aloud must still say whose slot each one is."""
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    for name in ("statuts", "travail"):
        make_slot(make_lawyer(name), days=10)
    page = client.post("/juri-ptce/", data={"csrf_token": csrf("/juri-ptce/"), "question": QUESTION},
                       follow_redirects=True).get_data(as_text=True)
    slots = [" ".join(b.text.split()) for b in buttons(page) if b.text.startswith("Réserver le ")]
    assert len(slots) == 2 and len(set(slots)) == 2, slots
    assert sorted(s.rsplit(" avec ", 1)[-1] for s in slots) == ["Maître Statuts", "Maître Travail"]


def test_each_slot_button_to_move_to_names_its_lawyer(client, login, csrf, make_user, make_pole, make_lawyer,
                                                      make_slot, db):
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    lawyers = [make_lawyer(name) for name in ("statuts", "travail")]
    booked = make_slot(lawyers[0], days=10)
    for lawyer in lawyers:
        make_slot(lawyer, days=40)
    client.post("/juri-ptce/reserver", data=_book_data(csrf, booked))
    booking = db.query(Booking).one()
    page = client.get(f"/juri-ptce/rendez-vous/{booking.id}/deplacer").get_data(as_text=True)
    slots = [" ".join(b.text.split()) for b in buttons(page) if b.text.startswith("Choisir le ")]
    assert len(slots) == 2 and len(set(slots)) == 2, slots
    assert sorted(s.rsplit(" avec ", 1)[-1] for s in slots) == ["Maître Statuts", "Maître Travail"]
