"""The help a resource person offered (« Je peux aider »), once validated, is the pole's to accept or decline: it is the
pole's need, and it may prefer someone else (issue #19). She waits and is told the answer, as a pole waits for the
person it asked; a pole's own request keeps its flow, the person answering it (new-user walk of 7 December 2026: the
mentor was asked to accept her own offer, the pole never asked)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.pair_space.initiative import offer_help
from app.templating import format_date
from app.transfers import services
from app.transfers.services import POLE, RESOURCE, TransferError, answering_side
from models import OutboxMessage, PairingStatus, utcnow

S = PairingStatus


def _offered(scene, message: str = "J'ai monté ce financement deux fois, je peux vous aider."):
    pairing = offer_help(need=scene.finance_need, person=scene.finance, message=message, idempotency_key="o" * 24)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    return pairing


def _mail(db, key: str) -> OutboxMessage | None:
    return db.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


def test_a_validated_offer_is_answered_by_the_pole_not_by_the_person(db, scene):
    pairing = _offered(scene)
    assert answering_side(pairing) == POLE
    assert services.allowed_steps(pairing, scene.finance.user) == [S.CANCELLED]  # her withdrawal, not an answer
    # Her help is declined with a reason she reads, never « cancelled » by the pole without one.
    assert set(services.allowed_steps(pairing, scene.facilitator)) == {S.ACCEPTED, S.DECLINED}
    with pytest.raises(TransferError, match="Vous ne pouvez pas effectuer cette étape"):
        services.transition(pairing, S.CANCELLED, actor=scene.facilitator)
    assert services.awaits(pairing, scene.facilitator) and not services.awaits(pairing, scene.finance.user)
    with pytest.raises(TransferError, match="Vous ne pouvez pas effectuer cette étape"):
        services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    with pytest.raises(TransferError, match="Vous ne pouvez pas effectuer cette étape"):
        services.transition(pairing, S.ACCEPTED, actor=scene.other_facilitator)
    services.transition(pairing, S.ACCEPTED, actor=scene.facilitator)
    assert pairing.status is S.ACCEPTED and pairing.decided_at is not None
    mail = _mail(db, f"pairing:{pairing.id}:accepted:user:{scene.finance.user_id}")
    assert mail.subject.startswith("Transfert accepté — ")
    assert mail.body.splitlines()[2].startswith("Accepté par le pôle : transfert de savoir-faire")
    assert "Et maintenant : convenez avec le Pôle des Coteaux d'une première journée." in mail.body


def test_a_pole_request_is_still_answered_by_the_person(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    assert answering_side(pairing) == RESOURCE
    assert services.allowed_steps(pairing, scene.facilitator) == [S.CANCELLED]
    with pytest.raises(TransferError, match="Vous ne pouvez pas effectuer cette étape"):
        services.transition(pairing, S.ACCEPTED, actor=scene.facilitator)
    services.transition(pairing, S.ACCEPTED, actor=scene.finance.user)
    assert pairing.status is S.ACCEPTED


def test_the_pole_declines_with_a_reason_the_person_reads(db, scene):
    pairing = _offered(scene)
    with pytest.raises(TransferError, match="la personne ressource et l'équipe d'animation la liront avec votre réponse"):
        services.transition(pairing, S.DECLINED, actor=scene.facilitator, note="  ")
    services.transition(pairing, S.DECLINED, actor=scene.facilitator,
                        note="Nous avons trouvé une solution avec la région.")
    assert pairing.status is S.DECLINED
    body = _mail(db, f"pairing:{pairing.id}:declined:user:{scene.finance.user_id}").body
    assert "Motif :\nNous avons trouvé une solution avec la région." in body


def test_accepting_still_checks_the_person_capacity_said_to_the_pole(db, scene):
    """She is the one committing: her capacity, lowered to none meanwhile, refuses the pole's « yes » in its words."""
    pairing = _offered(scene)
    scene.finance.yearly_capacity = 0
    db.commit()
    name = scene.finance.user.display_name
    with pytest.raises(TransferError, match=f"La capacité annuelle de {name} est de zéro transfert"):
        services.transition(pairing, S.ACCEPTED, actor=scene.facilitator)
    assert pairing.status is S.VALIDATED


def test_the_validation_asks_the_pole_and_tells_the_person_she_waits(db, scene, app):
    pairing = _offered(scene)
    by = format_date(utcnow() + timedelta(days=app.config["REQUEST_EXPIRY_DAYS"]))
    pole_mail = _mail(db, f"pairing:{pairing.id}:validated:user:{scene.facilitator.id}")
    name = scene.finance.user.display_name
    assert pole_mail.subject == f"Aide proposée, à vous de répondre — {scene.finance_need.title}, avec {name}"
    assert f"{name}, personne ressource, propose son aide à votre pôle sur ce besoin" in pole_mail.body
    assert "Son message :\nJ'ai monté ce financement deux fois, je peux vous aider." in pole_mail.body
    assert f"Acceptez cette aide ou déclinez-la d'ici au {by}, sur la page du transfert" in pole_mail.body
    assert "a jusqu'au" not in pole_mail.body
    assert f"Si vous déclinez, {name} et l'équipe d'animation liront votre raison." in pole_mail.body
    person_mail = _mail(db, f"pairing:{pairing.id}:validated:user:{scene.finance.user_id}")
    assert person_mail.subject.startswith("Votre proposition d'aide est validée — ")
    assert (f"Votre proposition d'aide est transmise au Pôle des Coteaux, qui a jusqu'au {by} pour l'accepter ou la "
            "décliner ; un e-mail vous dira sa réponse.") in person_mail.body
    assert "Acceptez" not in person_mail.body and "à vous de répondre" not in person_mail.subject


def test_the_reminder_goes_to_the_pole_and_the_expiry_says_whose_answer_was_missing(app, db, scene):
    app.config.update(REQUEST_EXPIRY_DAYS=21, REQUEST_REMINDER_DAYS_BEFORE=7)
    pairing = _offered(scene)
    start = pairing.status_changed_at
    assert services.remind_pending_requests(now=start + timedelta(days=15)) == 1
    prefix = f"pairing:{pairing.id}:validated:reminder:user:"
    assert _mail(db, f"{prefix}{scene.facilitator.id}") is not None
    assert _mail(db, f"{prefix}{scene.finance.user_id}") is None
    assert services.expire_stale_requests(now=start + timedelta(days=22)) == 1
    assert pairing.status is S.EXPIRED
    assert pairing.events[-1].note == "Sans réponse du pôle depuis 21 jours."


def test_the_pole_reads_on_its_need_that_the_answer_is_its_own(db, scene):
    pairing = _offered(scene)
    name = scene.finance.user.display_name
    assert services.need_progress([pairing]) == {
        scene.finance_need.id: f"Aide proposée par {name}, validée : à vous de l'accepter ou de la décliner"}


@pytest.mark.parametrize("validated", [False, True])
def test_the_person_may_withdraw_her_offer_while_it_waits(db, scene, validated):
    """She no longer answers her own offer (« Décliner » was her only way out): she withdraws it, the pole is told."""
    pairing = offer_help(need=scene.finance_need, person=scene.finance, message="Je peux aider.",
                         idempotency_key="w" * 24)
    if validated:
        services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    services.transition(pairing, S.CANCELLED, actor=scene.finance.user, note="Je pars six mois à l'étranger.")
    assert pairing.status is S.CANCELLED
    body = _mail(db, f"pairing:{pairing.id}:cancelled:user:{scene.facilitator.id}").body
    assert "Motif :\nJe pars six mois à l'étranger." in body


def test_a_pole_request_cannot_be_withdrawn_by_the_person_asked(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    assert services.allowed_steps(pairing, scene.finance.user) == []
    with pytest.raises(TransferError, match="Vous ne pouvez pas effectuer cette étape"):
        services.transition(pairing, S.CANCELLED, actor=scene.finance.user)
