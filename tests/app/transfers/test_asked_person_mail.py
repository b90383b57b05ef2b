"""The mail that asks a resource person for a transfer says that she is asked, the need in the pole's words, its
message and the day to answer by (walk of 6 December 2026: « Validé par l'équipe d'animation : transfert … »
told her neither that she was asked nor by when)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.templating import format_date
from app.transfers import services
from models import OutboxMessage, PairingStatus, utcnow


def _mail_to(db, pairing, status, user):
    return db.scalar(select(OutboxMessage.body).where(
        OutboxMessage.key == f"pairing:{pairing.id}:{status}:user:{user.id}"))


def test_a_validated_request_tells_the_person_what_is_asked_and_by_when(db, scene, app):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator,
                                        message="Bonjour, votre expérience du Ségala nous aiderait beaucoup.")
    services.transition(pairing, PairingStatus.VALIDATED, actor=scene.organiser)
    body = _mail_to(db, pairing, "validated", scene.finance.user)
    by = format_date(utcnow() + timedelta(days=app.config["REQUEST_EXPIRY_DAYS"]))
    assert "Une demande de transfert vous est adressée par le Pôle des Coteaux" in body
    assert scene.finance_need.text in body
    assert "Le message du pôle :\nBonjour, votre expérience du Ségala nous aiderait beaucoup." in body
    assert f"Acceptez ou déclinez ce transfert d'ici au {by}, sur sa page" in body
    subject = db.scalar(select(OutboxMessage.subject).where(
        OutboxMessage.key == f"pairing:{pairing.id}:validated:user:{scene.finance.user.id}"))
    assert subject.startswith("Transfert demandé, à vous de répondre — ")
    pole_mail = _mail_to(db, pairing, "validated", scene.facilitator)
    assert "Acceptez ou déclinez" not in pole_mail and "vous est adressée" not in pole_mail


def test_a_proposal_of_the_organisers_asks_the_person_too(db, scene):
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    body = _mail_to(db, pairing, "proposed", scene.finance.user)
    assert "L'équipe d'animation vous propose d'accompagner le Pôle des Coteaux." in body
    assert "sans réponse à cette date, la proposition expire." in body


def test_the_pole_reads_who_answers_by_when_then_what_to_do_once_accepted(db, scene, app):
    """Walk of 6 December 2026 (a resource person's year): the pole's « Demande de transfert validée » and
    « Transfert accepté » said the status and « la suite à donner » without saying it."""
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, PairingStatus.VALIDATED, actor=scene.organiser)
    by = format_date(utcnow() + timedelta(days=app.config["REQUEST_EXPIRY_DAYS"]))
    name = scene.finance.user.display_name
    validated = _mail_to(db, pairing, "validated", scene.facilitator)
    assert f"{name} a jusqu'au {by} pour accepter ou décliner ce transfert ; un e-mail vous dira sa réponse." \
        in validated
    services.transition(pairing, PairingStatus.ACCEPTED, actor=scene.finance.user)
    accepted = _mail_to(db, pairing, "accepted", scene.facilitator)
    assert (f"Et maintenant : convenez avec {name} d'une première journée. Sur la page du transfert, "
            "écrivez-vous dans la conversation, notez vos objectifs (de 2 à 5) et planifiez la journée.") in accepted
    organiser_mail = _mail_to(db, pairing, "validated", scene.organiser)
    assert organiser_mail is None or "pour accepter ou décliner" not in organiser_mail


def _said(body: str, text: str) -> list[str]:
    """The label line before each paragraph of ``body`` that is ``text``."""
    lines = body.splitlines()
    return [lines[i - 1] for i, line in enumerate(lines) if line == text and i > 0]


def test_the_organisers_message_of_a_proposal_is_theirs_and_said_once(db, scene):
    """Demo, mail « Proposition de transfert de savoir-faire » to Gilles Mazurier: the message the organiser wrote
    with the proposal came as « Le message du pôle : » and again, word for word, as « Message : »."""
    text = "Gilles, le pôle veut fournir les cantines : votre expérience l'aiderait beaucoup."
    pairing = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser,
                                       message=text)
    body = _mail_to(db, pairing, "proposed", scene.finance.user)
    assert _said(body, text) == ["Le message de l'équipe d'animation :"]
    assert "Le message du pôle" not in body


def test_a_validated_request_says_whose_each_message_is(db, scene):
    """Demo, « Transfert demandé, à vous de répondre »: after « Le message du pôle : », the organiser's word came
    as a bare « Message : », read as more of the pole's."""
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator,
                                        message="Votre expérience du Ségala nous aiderait beaucoup.")
    services.transition(pairing, PairingStatus.VALIDATED, actor=scene.organiser, note="Demande validée : bon travail !")
    body = _mail_to(db, pairing, "validated", scene.finance.user)
    assert _said(body, "Votre expérience du Ségala nous aiderait beaucoup.") == ["Le message du pôle :"]
    assert _said(body, "Demande validée : bon travail !") == ["Le message de l'équipe d'animation :"]
    pole_mail = _mail_to(db, pairing, "validated", scene.facilitator)
    assert _said(pole_mail, "Demande validée : bon travail !") == ["Message :"]
