"""The steps of a transfer: accepting is primary, declining and cancelling are destructive and ask first."""

from __future__ import annotations

import pytest

from app.transfers import services
from tests.app.html_parts import button

pytestmark = pytest.mark.web


def test_decline_and_cancel_look_destructive_and_ask_for_confirmation(client, login, csrf, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance,
                                       organiser=scene.organiser)
    login(scene.finance.user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    accept = button(page, "Accepter ce transfert")
    assert accept.classes == {"button"} and "data-confirm" not in accept.attrs
    decline = button(page, "Décliner")
    assert decline.classes == {"button", "button-danger"}
    assert decline.attrs["data-confirm"].startswith("Décliner ce transfert\u00a0?")
    client.post("/compte/deconnexion", data={"csrf_token": csrf(f"/transferts/{pairing.id}")})
    login(scene.facilitator)
    cancel = button(client.get(f"/transferts/{pairing.id}").get_data(as_text=True), "Annuler le transfert")
    assert cancel.classes == {"button", "button-danger"}
    assert cancel.attrs["data-confirm"].startswith("Annuler ce transfert\u00a0?")


def test_organiser_refusing_a_request_asks_first(client, login, scene):
    services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    login(scene.organiser)
    page = client.get("/organisation/tsf/").get_data(as_text=True)
    assert button(page, "Valider").classes == {"button"}
    refuse = button(page, "Refuser")
    assert "button-danger" in refuse.classes and refuse.attrs["data-confirm"].startswith("Refuser la demande")


def test_refusing_a_request_on_the_transfer_page_asks_to_refuse_not_to_cancel(client, login, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    login(scene.organiser)
    refuse = button(client.get(f"/transferts/{pairing.id}").get_data(as_text=True), "Refuser la demande")
    assert "button-danger" in refuse.classes
    assert refuse.attrs["data-confirm"] == "Refuser cette demande de transfert\u00a0? Le pôle lira votre raison."
