"""The experience sheet's agreement, as each side of the pair reads it: the pole read « l'animation du pôle écrit une
fiche », « Accord du pôle : oui » and « La fiche écrite par l'animation du pôle » of itself; each side reads itself as
« vous », an organiser reads both sides named."""

from __future__ import annotations

import html
import re

import pytest

from app.pair_space import experiences
from models import PairingStatus, Role

pytestmark = pytest.mark.web

SHEET = {"title": "Un poste partagé : la part de chaque association",
         "situation": "Un collectif de douze associations qui tient par ses bénévoles.",
         "transferred": "La grille de cotisations du Ségala.", "contacts": "Mireille, avec son accord."}


def _sheet_section(client, login, user, pairing_id: int) -> str:
    if client.get("/mon-espace").status_code == 200:
        client.post("/compte/deconnexion", data={"csrf_token": re.search(
            r'name="csrf_token" value="([^"]+)"', client.get("/mon-espace").get_data(as_text=True))[1]})
    login(user)
    page = re.sub(r"\s+", " ", html.unescape(client.get(f"/transferts/{pairing_id}").get_data(as_text=True)))
    page = page.replace("\u00a0", " ")
    return re.sub(r"<[^>]+>", "", page[page.index('id="fiche"'):])


def test_each_side_reads_itself_as_vous(db, pair, client, login, make_user):
    pair.pairing.status = PairingStatus.COMPLETED
    db.commit()
    experiences.save_sheet(pairing=pair.pairing, author=pair.facilitator, values=SHEET)
    pole = _sheet_section(client, login, pair.facilitator, pair.pairing.id)
    assert "Si la personne ressource et vous êtes d'accord, vous écrivez une fiche d'expérience" in pole
    assert "Votre accord : oui · accord de la personne ressource : pas encore" in pole
    assert "Votre fiche, pas encore publiée :" in pole and "l'animation du pôle" not in pole
    person = _sheet_section(client, login, pair.person, pair.pairing.id)
    assert "Si le pôle et vous êtes d'accord, l'animation du pôle écrit une fiche d'expérience" in person
    assert "Accord du pôle : oui · votre accord : pas encore" in person
    organiser = _sheet_section(client, login, make_user(Role.ORGANISER), pair.pairing.id)
    assert "Accord du pôle : oui · accord de la personne ressource : pas encore" in organiser
    assert "vous êtes d'accord" not in organiser and "vous a appris" not in organiser
