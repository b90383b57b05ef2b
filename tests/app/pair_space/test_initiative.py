"""« Je peux aider »: a resource person's offer becomes a request the organisers validate."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.pair_space.initiative import InitiativeRefused, offer_help
from app.refused import Refused
from app.transfers import services as transfers
from models import (Need, NeedKind, Notification, Offer, OutboxMessage, Pairing, PairingEvent, PairingStatus,
                    Role)

KEY = "k" * 24


@pytest.fixture
def setting(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Camille Animatrice")
    organiser = make_user(Role.ORGANISER, name="Avise")
    person = make_resource_person()
    need = Need(pole=pole, author=facilitator, title="Pérenniser l'animation", kind=NeedKind.TRANSFER,
                text="Notre poste d'animation dépend d'une subvention qui s'arrête à la fin de l'année.")
    db.add_all([need, Offer(resource_person=person, title="Financer l'animation d'un pôle",
                            text="Montages de financement de postes d'animation, subventions et mécénat. " * 3)])
    db.commit()
    return pole, facilitator, organiser, person, need


def test_offer_help_makes_a_request_the_console_lists_and_tells_the_pole(db, setting):
    pole, facilitator, organiser, person, need = setting
    pairing = offer_help(need=need, person=person, message="J'ai monté ce financement deux fois.",
                         idempotency_key=KEY)
    assert pairing.status is PairingStatus.REQUESTED
    assert pairing.message == "J'ai monté ce financement deux fois."
    assert [p.id for p in transfers.requested_pairings(viewer=organiser)] == [pairing.id]
    event = db.scalars(select(PairingEvent).where(PairingEvent.pairing_id == pairing.id)).one()
    assert (event.actor_id, event.to_status) == (person.user_id, PairingStatus.REQUESTED)
    notice = db.scalars(select(Notification).where(Notification.user_id == facilitator.id)).one()
    assert notice.text == f"Nouvelle demande de transfert — Pérenniser l'animation, avec {person.user.display_name}"
    assert notice.url == f"/transferts/{pairing.id}"
    assert db.scalars(select(Notification).where(Notification.user_id == organiser.id)).one().url == notice.url
    assert db.scalars(select(Notification).where(Notification.user_id == person.user_id)).all() == []
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == facilitator.id)).one()
    assert "J'ai monté ce financement deux fois." in mail.body
    # the same form again (double click): one request, one notice
    assert offer_help(need=need, person=person, message="J'ai monté ce financement deux fois.",
                      idempotency_key=KEY).id == pairing.id
    assert len(db.scalars(select(Pairing)).all()) == 1
    assert len(db.scalars(select(Notification)).all()) == 2  # the facilitator and the organiser, once
    # the organiser validates it like a pole's request
    transfers.transition(pairing, PairingStatus.VALIDATED, actor=organiser)
    assert pairing.status is PairingStatus.VALIDATED


def test_the_same_rules_as_a_pole_request(db, setting, make_resource_person):
    pole, facilitator, organiser, person, need = setting
    offer_help(need=need, person=person, message="Bonjour", idempotency_key=KEY)
    with pytest.raises(Refused, match="déjà en cours"):
        offer_help(need=need, person=person, message="Encore moi", idempotency_key="b" * 24)
    own = make_resource_person(pole=pole)
    with pytest.raises(Refused, match="son propre pôle"):
        offer_help(need=need, person=own, message="Bonjour", idempotency_key="c" * 24)
    full = make_resource_person(capacity=0)
    with pytest.raises(InitiativeRefused, match="capacité"):
        offer_help(need=need, person=full, message="Bonjour", idempotency_key="d" * 24)
    assert len(db.scalars(select(Pairing)).all()) == 1


@pytest.mark.parametrize(("message", "error"), [
    ("   ", "Écrivez votre message"),
    ("Bonjour\x07", "caractères de contrôle"),
    ("a" * 2001, "2\u202f000 caractères"),
])
def test_hostile_messages_are_refused_in_french(db, setting, message, error):
    *_, person, need = setting
    with pytest.raises(InitiativeRefused, match=error):
        offer_help(need=need, person=person, message=message, idempotency_key=KEY)
    assert db.scalars(select(Pairing)).all() == []


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def test_the_person_says_je_peux_aider_from_their_page(client, login, csrf, db, setting):
    pole, facilitator, organiser, person, need = setting
    login(person.user)
    page = client.get(f"/personnes-ressources/{person.id}").get_data(as_text=True)
    assert f'action="/besoins/{need.id}/je-peux-aider"' in page and "Je peux aider" in page
    data = {"csrf_token": csrf(f"/personnes-ressources/{person.id}"), "idempotency_key": _key(page),
            "message": "Je connais bien ce sujet."}
    response = client.post(f"/besoins/{need.id}/je-peux-aider", data=data)
    assert response.status_code == 302
    pairing = db.scalars(select(Pairing)).one()
    assert response.headers["Location"].endswith(f"/transferts/{pairing.id}")
    assert ("l'examine comme une demande de transfert, puis le pôle l'accepte ou la décline." in
            html.unescape(client.get(response.headers["Location"]).get_data(as_text=True)))
    assert client.post(f"/besoins/{need.id}/je-peux-aider", data={**data, "csrf_token": ""}).status_code == 400
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(organiser)
    console = client.get("/organisation/tsf/").get_data(as_text=True)
    assert f"/transferts/{pairing.id}" in console
    # The organisers see it comes from the resource person, with the message, not from the pole.
    assert "propose son aide («\u00a0Je peux aider\u00a0»)\u00a0: Je connais bien ce sujet." in console


def test_a_facilitator_cannot_offer_help(client, login, csrf, setting):
    pole, facilitator, organiser, person, need = setting
    login(facilitator)
    response = client.post(f"/besoins/{need.id}/je-peux-aider", data={
        "csrf_token": csrf("/mon-espace"), "idempotency_key": KEY, "message": "Bonjour"})
    assert response.status_code == 404


def test_no_help_offered_to_a_pole_she_may_not_see(client, login, csrf, db, setting):
    """A pole off the directory is named to no resource person it did not ask (``policy.pole_sight``): « Je peux
    aider » sent to one of its needs by trying ids is the 404 of a missing need, not a transfer that would then show
    her its need and its name."""
    pole, facilitator, organiser, person, need = setting
    pole.public_listing = False
    db.commit()
    login(person.user)
    response = client.post(f"/besoins/{need.id}/je-peux-aider", data={
        "csrf_token": csrf("/mon-espace"), "idempotency_key": KEY, "message": "Je connais bien ce sujet."})
    assert response.status_code == 404
    assert db.scalars(select(Pairing)).all() == []
    assert "Pôle des Coteaux" not in response.get_data(as_text=True)


def test_the_validated_offer_rings_the_pole_to_answer_and_tells_the_person_she_waits(db, setting):
    """Under the bell as in the mails: the pole is asked (« à vous de répondre »), not the person who offered."""
    pole, facilitator, organiser, person, need = setting
    pairing = offer_help(need=need, person=person, message="Je peux aider.", idempotency_key=KEY)
    transfers.transition(pairing, PairingStatus.VALIDATED, actor=organiser)
    name = person.user.display_name

    def last_notice(user_id: int) -> str:
        return db.scalars(select(Notification.text).where(Notification.user_id == user_id)
                          .order_by(Notification.id.desc())).first()

    assert last_notice(facilitator.id) == f"Aide proposée, à vous de répondre — Pérenniser l'animation, avec {name}"
    assert last_notice(person.user_id) == ("Votre proposition d'aide est validée — Pérenniser l'animation, avec le "
                                           "Pôle des Coteaux")
