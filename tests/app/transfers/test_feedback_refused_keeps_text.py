"""Feedback sent without its rating (walk of the pair's space, keyboard only at 375 px): the page came back at
« Retours » with « choisissez une note » at its top and both texts typed lost; now what was typed is kept, the
error is beside the rating's group and the summary links to its first choice."""

from __future__ import annotations

import html

import pytest

from models import Pairing, PairingFeedback, PairingStatus
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

SAID = "Une trame de convention d'occupation et les arguments qui ont convaincu la commune."


def test_feedback_without_rating_keeps_the_texts_and_says_why_beside_the_group(client, db, login, scene):
    pairing = Pairing(need=scene.finance_need, resource_person=scene.finance, status=PairingStatus.COMPLETED)
    db.add(pairing)
    db.commit()
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    response = client.post(f"{url}/retour", data={"csrf_token": extract_csrf(client.get(url).get_data(as_text=True)),
                                                  "transferred": SAID, "comment": "Merci Mireille"})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert SAID in page and "Merci Mireille</textarea>" in page
    assert '<a href="#rating-0">Votre appréciation : choisissez une note de 1 à 5.</a>' in page
    assert '<p class="error-text" id="rating-erreur">' in page
    assert db.query(PairingFeedback).count() == 0


def test_feedback_too_long_is_not_called_a_missing_rating(client, db, login, scene):
    pairing = Pairing(need=scene.finance_need, resource_person=scene.finance, status=PairingStatus.COMPLETED)
    db.add(pairing)
    db.commit()
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    response = client.post(f"{url}/retour", data={"csrf_token": extract_csrf(client.get(url).get_data(as_text=True)),
                                                  "rating": "4", "comment": "x" * 5001})
    page = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert response.status_code == 400 and "choisissez une note" not in page
    assert 'href="#comment"' in page and 'aria-invalid="true"' in page
