"""A pole's request that never reached the resource person ends without telling her (lifecycle walk: the Lauragais
asked Hélène Garrigou, then withdrew the request before any validation; she, who had never been told of it, got
« Transfert annulé — …, avec le Pôle Territoire Solidaire du Lauragais » by mail and under her bell, « Voir le
transfert et la suite à donner »). Once validated, the request is hers, and so is its end."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.transfers import services
from models import Notification, OutboxMessage, PairingStatus

pytestmark = pytest.mark.web


def _told(db, user) -> list[str]:
    mails = db.scalars(select(OutboxMessage.subject).where(OutboxMessage.recipient_id == user.id)).all()
    bells = db.scalars(select(Notification.text).where(Notification.user_id == user.id)).all()
    return [*mails, *bells]


@pytest.mark.parametrize("by", ["pole", "organiser"])
def test_a_request_withdrawn_or_refused_before_validation_is_not_told_to_the_person(db, scene, by):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    actor = scene.facilitator if by == "pole" else scene.organiser
    services.transition(pairing, PairingStatus.CANCELLED, actor=actor, note="Nous avons trouvé une autre solution.")
    db.commit()
    assert _told(db, scene.finance.user) == []
    assert any("Transfert annulé" in told for told in _told(db, scene.organiser if by == "pole" else scene.facilitator))


def test_a_request_that_expires_unvalidated_is_not_told_to_the_person(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, PairingStatus.EXPIRED, actor=None)
    db.commit()
    assert _told(db, scene.finance.user) == []


def test_once_validated_the_person_hears_of_the_request_and_of_its_end(db, scene):
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.transition(pairing, PairingStatus.VALIDATED, actor=scene.organiser)
    services.transition(pairing, PairingStatus.CANCELLED, actor=scene.facilitator, note="Autre solution.")
    db.commit()
    told = _told(db, scene.finance.user)
    assert any(t.startswith("Transfert demandé, à vous de répondre") for t in told)
    assert any(t.startswith("Transfert annulé") for t in told)
