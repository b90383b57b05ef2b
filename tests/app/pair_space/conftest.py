"""An accepted transfer between a pole and a resource person, validated by an organiser."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import delete

from models import Need, Notification, NeedKind, Pairing, PairingEvent, PairingStatus, Role, User


@dataclass
class Pair:
    pairing: Pairing
    facilitator: User
    person: User
    organiser: User
    outsider: User


@pytest.fixture
def pair(db, make_user, make_pole, make_resource_person) -> Pair:
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Camille Animatrice")
    organiser = make_user(Role.ORGANISER, name="Avise")
    person = make_resource_person()
    need = Need(pole=pole, author=facilitator, title="Pérenniser l'animation", text="Notre poste d'animation "
                "dépend d'une subvention qui s'arrête.", kind=NeedKind.TRANSFER)
    pairing = Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED)
    db.add_all([need, pairing])
    db.flush()
    db.add(PairingEvent(pairing=pairing, actor_id=organiser.id, from_status=PairingStatus.REQUESTED,
                        to_status=PairingStatus.VALIDATED))
    db.commit()
    # The fixture's validation is history: its step notices (``step_bell``) are not what the tests count.
    db.execute(delete(Notification))
    db.commit()
    outsider = make_user(Role.FACILITATOR, pole=make_pole("Autre pôle"))
    return Pair(pairing=pairing, facilitator=facilitator, person=person.user, organiser=organiser, outsider=outsider)
