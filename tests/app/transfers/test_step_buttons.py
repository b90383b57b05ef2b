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


def _after(page: str, first: str, then: str) -> bool:
    return first in page and then in page and page.index(first) < page.index(then)


def test_cancelling_comes_last_folded_under_other_actions_and_still_asks(client, login, csrf, scene):
    """The pair space opens on the transfer and its conversation; cancelling is at the end of the page, in a
    disclosure (a native summary, reached with the keyboard), its button still asking for confirmation."""
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, services.S.VALIDATED, actor=scene.organiser)
    login(scene.facilitator)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert 'id="etapes-titre"' not in page  # nothing else to do before the person answers: no step section
    other = page[page.index('<section aria-labelledby="autres-actions-titre"'):]
    assert _after(page, 'id="historique-titre"', 'id="autres-actions-titre"')
    assert "<details>" in other and "<summary>Annuler le transfert</summary>" in other
    assert button(other, "Annuler le transfert").attrs["data-confirm"].startswith("Annuler ce transfert\u00a0?")
    assert "Autres actions" in page[:page.index('id="autres-actions-titre"')]  # the notice says where it is

    services.transition(pairing, services.S.ACCEPTED, actor=scene.finance.user)
    client.post("/compte/deconnexion", data={"csrf_token": csrf(f"/transferts/{pairing.id}")})
    login(scene.finance.user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    assert "Annuler le transfert" not in page[:page.index('id="conversation"')]
    assert _after(page, 'id="conversation"', '<summary>Annuler le transfert</summary>')
    assert button(page, "Annuler le transfert").classes == {"button", "button-danger"}


def test_a_decline_stays_beside_accept_as_the_answer_asked_for(client, login, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    login(scene.finance.user)
    page = client.get(f"/transferts/{pairing.id}").get_data(as_text=True)
    steps = page[page.index('id="etapes-titre"'):page.index('id="journees-titre"')]
    assert "Accepter ce transfert" in steps and "Décliner" in steps
    assert 'id="autres-actions-titre"' not in page  # a resource person cannot cancel a proposal
