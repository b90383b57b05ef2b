"""An invitation to a learning visit is said on the invited pole's « Mon espace » until the pole answers (walk of
6 December 2026: nothing there told of it, only the e-mail and the bell)."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest

from app.visits import services

pytestmark = pytest.mark.web


def _space(client) -> str:
    return html.unescape(client.get("/mon-espace").get_data(as_text=True))


def test_an_invitation_waits_on_the_space_until_the_pole_answers(client, login, network, make_visit):
    visit = make_visit(capacity=5)
    facilitator = network.facilitators[0]
    login(facilitator)
    page = _space(client)
    assert "Une invitation à une visite apprenante attend votre réponse" in page
    assert f'href="/visites/{visit.id}">{visit.title}</a>, chez le Pôle de la Friche (Occitanie)' in page
    services.register(visit_id=visit.id, pole_id=facilitator.pole_id, user=facilitator)
    assert "attend votre réponse" not in _space(client)


def test_a_pole_not_invited_is_not_told(client, login, network, make_visit):
    make_visit(invited=network.poles[1:])
    login(network.facilitators[0])
    assert "visite apprenante attend" not in _space(client)


def test_two_invitations_are_counted_in_words(client, login, network, make_visit):
    make_visit(capacity=5)
    make_visit(capacity=5, start=date.today() + timedelta(days=60))
    login(network.facilitators[0])
    assert "2 invitations à des visites apprenantes attendent votre réponse" in _space(client)
