"""The transfer page of the help a resource person offered (« Je peux aider »): once validated, the pole's facilitator
is asked to accept or decline it, the person reads that she waits for the pole (new-user walk of 7 December 2026:
her page asked her to accept her own offer, the pole's said « En attente de la réponse de … »)."""

from __future__ import annotations

import pytest

from app.transfers import services
from models import Pairing, PairingStatus
from tests.app.html_parts import page_text

pytestmark = pytest.mark.web

S = PairingStatus


def _logout(client, csrf) -> None:
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})


def test_before_validation_each_side_reads_who_will_answer(client, csrf, login, offered, scene):
    login(scene.finance.user)
    mine = page_text(client.get(f"/transferts/{offered.id}"))
    assert ("Une fois validée, elle est transmise au Pôle des Coteaux, qui pourra accepter ou décliner votre aide "
            "sur cette page ; un e-mail vous dira sa réponse.") in mine
    assert "vous pourrez accepter ou décliner ce transfert" not in mine
    _logout(client, csrf)
    login(scene.facilitator)
    pole = page_text(client.get(f"/transferts/{offered.id}"))
    name = scene.finance.user.display_name
    assert f"{name} propose son aide sur ce besoin ; l'équipe d'animation examine cette proposition" in pole
    assert "vous pourrez accepter ou décliner cette aide sur cette page" in pole
    assert f"elle est transmise à {name}" not in pole


def test_once_validated_the_pole_answers_and_the_person_waits(client, csrf, login, db, offered, scene):
    services.transition(offered, S.VALIDATED, actor=scene.organiser)
    db.commit()
    name = scene.finance.user.display_name
    url = f"/transferts/{offered.id}"
    login(scene.finance.user)
    mine = page_text(client.get(url))
    assert "Votre proposition est validée : elle attend la réponse du Pôle des Coteaux" in mine
    assert "Votre réponse est attendue" not in mine and 'value="accepted"' not in mine
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "accepted"}, follow_redirects=True)
    assert "Vous ne pouvez pas effectuer cette étape" in page_text(response)
    db.expire_all()
    assert db.get(Pairing, offered.id).status is S.VALIDATED
    _logout(client, csrf)
    login(scene.facilitator)
    pole = page_text(client.get(url))
    assert "Votre réponse est attendue d'ici au" in pole
    assert f"acceptez ou déclinez ci-dessous l'aide de {name}" in pole
    assert "Accepter cette aide" in pole
    # the organisers read it too (the step's mail, the history): « que {name} lira » said her only
    assert f"Raison du refus, que {name} et l'équipe d'animation liront (obligatoire)" in pole
    assert "En attente de la réponse" not in pole
    listed = page_text(client.get("/transferts/"))
    assert "En attente de votre réponse (1)" in listed
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "accepted"}, follow_redirects=True)
    assert f"Vous avez accepté l'aide de {name}, qui en reçoit un e-mail." in page_text(response)
    db.expire_all()
    assert db.get(Pairing, offered.id).status is S.ACCEPTED


def test_the_organiser_reads_that_the_pole_answers(client, csrf, login, db, offered, scene):
    login(scene.organiser)
    url = f"/transferts/{offered.id}"
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "validated"},
                           follow_redirects=True)
    name = scene.finance.user.display_name
    assert (f"Proposition validée : elle est transmise au Pôle des Coteaux, qui peut accepter ou décliner l'aide de "
            f"{name}.") in page_text(response)
    assert f"En attente de la réponse du Pôle des Coteaux, qui peut accepter ou décliner l'aide de {name}" in \
        page_text(client.get(url))



def test_the_person_withdraws_her_offer_from_its_page(client, csrf, login, db, offered, scene):
    services.transition(offered, S.VALIDATED, actor=scene.organiser)
    db.commit()
    url = f"/transferts/{offered.id}"
    login(scene.finance.user)
    page = page_text(client.get(url))
    assert "Retirer ma proposition" in page and "Annuler le transfert" not in page
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "cancelled"}, follow_redirects=True)
    assert "Votre proposition est retirée : le pôle et l'équipe d'animation en reçoivent un e-mail." in \
        page_text(response)
    db.expire_all()
    assert db.get(Pairing, offered.id).status is S.CANCELLED
