"""Starting and ending a transfer say who hears of it and what comes next (walk 6: « Transfert : En cours. » and
« Transfert : Terminé. » at the top of a long page; the resource person's mail said « la suite à donner » without
saying it: a feedback, and her agreement to the experience sheet)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.transfers import services
from models import OutboxMessage, PairingStatus as S

pytestmark = pytest.mark.web


def _text(response) -> str:
    page = re.sub(r'<span class="nowrap">([^<]*)</span>', r"\1", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(page)).replace("\u00a0", " ")


def _planned(scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    return services.transition(pairing, S.PLANNED, actor=scene.facilitator)


def test_the_pole_is_told_what_next_when_it_starts_and_ends_the_transfer(client, login, csrf, db, scene):
    pairing = _planned(scene)
    name = scene.finance.user.display_name
    login(scene.facilitator)
    url = f"/transferts/{pairing.id}"
    client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "in_progress"})
    assert (f"Le transfert est en cours : {name} reçoit un e-mail. Notez vos objectifs et, après chaque journée, "
            "son compte rendu" in _text(client.get(url)))
    response = client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "completed", "confirmed": "1"})
    assert response.headers["Location"].endswith("#retours-titre")  # the notice shows beside the feedback form
    assert (f"Le transfert est terminé : {name} reçoit un e-mail. Donnez votre retour ci-dessous ; puis, si vous "
            "êtes d'accord tous les deux, écrivez la fiche d'expérience pour le réseau." in _text(client.get(url)))
    mail = db.scalar(select(OutboxMessage.body).where(
        OutboxMessage.key == f"pairing:{pairing.id}:completed:user:{scene.finance.user.id}"))
    assert "Et maintenant : donnez votre retour sur la page du transfert." in mail
    assert "publiée avec l'accord de la personne ressource" in mail
    organiser_mail = db.scalar(select(OutboxMessage.body).where(
        OutboxMessage.key == f"pairing:{pairing.id}:completed:user:{scene.organiser.id}"))
    assert organiser_mail is None or "Et maintenant" not in organiser_mail


def test_the_resource_person_ending_it_is_told_the_pole_writes_the_sheet(client, login, csrf, scene):
    pairing = services.transition(_planned(scene), S.IN_PROGRESS, actor=scene.facilitator)
    login(scene.finance.user)
    url = f"/transferts/{pairing.id}"
    client.post(f"{url}/etape", data={"csrf_token": csrf(url), "to": "completed", "confirmed": "1"})
    assert ("Le transfert est terminé : l'animation du pôle reçoit un e-mail. Donnez votre retour ci-dessous ; "
            "l'animation du pôle pourra écrire la fiche d'expérience, publiée avec votre accord."
            in _text(client.get(url)))
