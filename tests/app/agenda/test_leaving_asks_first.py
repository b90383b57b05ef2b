"""Leaving a session asks first, saying what follows (walk 6: on a full session with a waitlist, one click on
« Se désinscrire » gave the seat to the next person for good, without a word)."""

from __future__ import annotations

import html
import re

import pytest

from app.agenda import services
from models import Role

pytestmark = pytest.mark.web


def _question(client, session_id: int) -> str:
    page = html.unescape(client.get(f"/agenda/{session_id}").get_data(as_text=True))
    form = re.search(r'<form[^>]*action="/agenda/\d+/desinscription".*?</form>', page, re.S).group(0)
    return re.search(r'data-confirm="([^"]*)"', form).group(1).replace("\u00a0", " ").replace("\u202f", " ")


def test_leaving_a_seat_others_wait_for_says_it_goes_to_them(client, login, csrf, publish, facilitator, make_user,
                                                            make_pole):
    session = publish(capacity=1)
    services.register(session_id=session.id, user=facilitator)
    waiting = make_user(Role.FACILITATOR, pole=make_pole())
    services.register(session_id=session.id, user=waiting)
    login(facilitator)
    question = _question(client, session.id)
    assert question.startswith(f"Vous désinscrire de « {session.title} » ?")
    assert "ira aussitôt à la première personne de la liste d'attente" in question
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(waiting)
    assert "Vous perdez votre place dans la file (1ʳᵉ position)" in _question(client, session.id)


def test_leaving_a_session_with_seats_left_says_one_may_come_back(client, login, publish, facilitator):
    session = publish(capacity=10)
    services.register(session_id=session.id, user=facilitator)
    login(facilitator)
    assert "Vous pourrez vous réinscrire tant qu'il reste des places." in _question(client, session.id)
