"""A transfer's history as its readers meet it."""

from __future__ import annotations

import html

import pytest

from app.transfers import services

pytestmark = pytest.mark.web


def test_the_history_does_not_say_a_request_was_suggested(client, login, scene):
    """Every transfer is created « suggéré » for an instant: its history read « Suggéré → Demandé par le pôle » of a
    request made from a resource person's page, which nothing had suggested (walk of the pair's space)."""
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    login(scene.facilitator)
    page = html.unescape(client.get(f"/transferts/{pairing.id}").get_data(as_text=True)).replace("\u00a0", " ")
    history = page[page.index('id="historique-titre"'):]
    assert " — Vous avez demandé ce transfert</li>" in history and "Suggéré" not in history
