"""A need's publishing form sent twice publishes it once (walk of 6 December 2026: Back after « Publier le
besoin » then « Publier le besoin » again put the same need twice in the network, in its figures and in the
organisers' batch pairing)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.poles import services
from app.poles.services import PoleError
from models import Need, Role

pytestmark = pytest.mark.web


def _need(csrf, url, key):
    return {"csrf_token": csrf(url), "idempotency_key": key, "title": "Garder la salle que la mairie nous prête",
            "text": "La mairie nous prête la salle depuis dix ans, le nouveau maire veut la récupérer.",
            "kind": "any", "urgency": "2"}


def test_the_same_form_sent_again_publishes_the_need_once(client, csrf, login, make_user, make_pole, db):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    url = f"/poles/{pole.id}/besoins/nouveau"
    key = re.search(r'name="idempotency_key" value="([\w-]+)"', client.get(url).get_data(as_text=True)).group(1)
    first = client.post(url, data=_need(csrf, url, key))
    again = client.post(url, data=_need(csrf, url, key))  # Back, then « Publier le besoin » again
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.scalar(select(func.count()).select_from(Need)) == 1
    other = client.post(url, data=_need(csrf, url, key + "x"))  # a new form publishes a new need
    assert other.status_code == 302 and db.scalar(select(func.count()).select_from(Need)) == 2


def test_a_form_key_of_another_person_is_refused(make_user, make_pole, db):
    pole = make_pole()
    first, second = make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=pole)
    data = {"title": "Garder la salle", "text": "La mairie nous prête la salle depuis dix ans, plus maintenant.",
            "kind": "any", "urgency": "2", "idempotency_key": "k" * 32}
    services.save_need(None, pole=pole, author=first, data=data)
    with pytest.raises(PoleError, match="Ce formulaire a déjà servi"):
        services.save_need(None, pole=pole, author=second, data=data)
    assert db.scalar(select(func.count()).select_from(Need)) == 1


def test_a_form_key_of_another_person_is_said_on_the_page(client, csrf, login, make_user, make_pole, db):
    pole = make_pole()
    first, second = make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=pole)
    url = f"/poles/{pole.id}/besoins/nouveau"
    login(first)
    client.post(url, data=_need(csrf, url, "k" * 32))
    client.post("/compte/deconnexion", data={"csrf_token": csrf(url)})
    login(second)
    response = client.post(url, data=_need(csrf, url, "k" * 32))
    assert response.status_code == 200 and "Ce formulaire a déjà servi" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Need)) == 1
