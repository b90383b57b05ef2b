"""A step's mail subject and bell notice say with whom: two requests on one need are two notices that read
differently (the CRA was told twice « Nouvelle demande de transfert — <besoin> », word for word)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.transfers import services
from models import Notification, OutboxMessage, Role

pytestmark = pytest.mark.web


def test_two_requests_on_one_need_read_differently_for_the_cra(db, make_user, scene):
    cra = make_user(Role.ORGANISER, region_code=scene.pole.region_code)
    for person in (scene.finance, scene.food):
        services.request_transfer(need=scene.finance_need, person=person, requester=scene.facilitator)
    notices = sorted(db.scalars(select(Notification.text).where(Notification.user_id == cra.id)))
    subjects = sorted(db.scalars(select(OutboxMessage.subject).where(OutboxMessage.recipient_id == cra.id)))
    assert notices == subjects == sorted(
        f"Nouvelle demande de transfert — {scene.finance_need.title}, avec {person.user.display_name}"
        for person in (scene.finance, scene.food))
    assert len(set(notices)) == 2


def test_the_resource_person_reads_the_pole_it_is_paired_with(db, scene):
    services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    user_id = scene.finance.user_id
    expected = f"Proposition de transfert de savoir-faire — {scene.finance_need.title}, avec le Pôle des Coteaux"
    assert db.scalars(select(Notification.text).where(Notification.user_id == user_id)).one() == expected
    assert db.scalars(select(OutboxMessage.subject).where(OutboxMessage.recipient_id == user_id)).one() == expected
