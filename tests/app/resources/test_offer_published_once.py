"""An offer's publishing form sent twice publishes it once (walk of 6 December 2026: Back after « Publier
l'offre » then « Publier l'offre » again listed the same offer twice, in the directory and the suggestions)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.resources import services
from app.resources.services import ProfileError
from models import Offer

pytestmark = pytest.mark.web

URL = "/personnes-ressources/offres/nouvelle"


def _offer(csrf, key):
    return {"csrf_token": csrf(URL), "idempotency_key": key, "title": "Négocier une convention pluriannuelle",
            "text": "J'ai négocié au Ségala une convention pluriannuelle d'objectifs avec la communauté de communes."}


def test_the_same_form_sent_again_publishes_the_offer_once(client, csrf, login, make_resource_person, db):
    person = make_resource_person()
    login(person.user)
    key = re.search(r'name="idempotency_key" value="([\w-]+)"', client.get(URL).get_data(as_text=True)).group(1)
    first = client.post(URL, data=_offer(csrf, key))
    again = client.post(URL, data=_offer(csrf, key))  # Back, then « Publier l'offre » again
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.scalar(select(func.count()).select_from(Offer)) == 1
    client.post(URL, data=_offer(csrf, key + "x"))  # a new form publishes a new offer
    assert db.scalar(select(func.count()).select_from(Offer)) == 2


def test_a_form_key_of_another_person_is_refused(make_resource_person, db):
    first, second = make_resource_person(), make_resource_person()
    data = {"title": "Négocier une convention", "text": "Une convention pluriannuelle négociée avec la commune.",
            "idempotency_key": "k" * 32}
    services.save_offer(None, profile=first, data=data)
    with pytest.raises(ProfileError, match="Ce formulaire a déjà servi"):
        services.save_offer(None, profile=second, data=data)
    assert db.scalar(select(func.count()).select_from(Offer)) == 1
