"""The request form of a pair already in a transfer leads to that transfer (walk of 6 December 2026: Back after
sending, or the need's link opened again, showed the empty form; sending it answered « Un transfert est déjà en
cours… » with the form again and no way to the transfer)."""

from __future__ import annotations

import html

import pytest

from app.transfers import services

pytestmark = pytest.mark.web


def test_the_form_of_a_pair_already_asked_links_to_its_transfer(client, login, csrf, db, scene):
    need, person = scene.finance_need, scene.finance
    pairing = services.request_transfer(need=need, person=person, requester=scene.facilitator,
                                        idempotency_key="cle-deja")
    login(scene.facilitator)
    url = f"/transferts/demander?need_id={need.id}&resource_person_id={person.id}"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert f'href="/transferts/{pairing.id}"' in page
    assert "Un transfert est déjà engagé avec" in page
    assert "Envoyer la demande" not in page  # no second request to write for nothing
    refused = html.unescape(client.post("/transferts/demander", data={
        "csrf_token": csrf(url), "need_id": need.id, "resource_person_id": person.id, "confirm": "1",
        "idempotency_key": "une-autre-cle-0123456789", "message": "Encore"}).get_data(as_text=True))
    assert f'href="/transferts/{pairing.id}"' in refused


def test_a_pair_not_asked_still_gets_the_form(client, login, scene):
    login(scene.facilitator)
    page = client.get(f"/transferts/demander?need_id={scene.finance_need.id}"
                      f"&resource_person_id={scene.finance.id}").get_data(as_text=True)
    assert "Envoyer la demande" in page and "déjà engagé" not in html.unescape(page)
