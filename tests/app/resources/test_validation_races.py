"""Two organisers deciding on the same pending profile at once — the national team and the region's CRA, or one
organiser's double click (PostgreSQL). Both read it pending; without a lock both decisions were written, the last
one kept, and the person received both mails: « Votre profil … est validé » and « … n'est pas retenu »."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db as db_ext
from app.refused import Refused
from app.resources import validation
from models import OutboxMessage, ResourcePerson, Role, User, ValidationStatus
from tests.races import in_step, on_postgres, together

pytestmark = on_postgres


def _decide(person_id: int, organiser_id: int, refuse: bool):
    def decide():
        session = db_ext.session
        person, organiser = session.get(ResourcePerson, person_id), session.get(User, organiser_id)
        if refuse:
            validation.refuse(person, organiser=organiser, reason="Le profil ne dit rien d'une expérience de PTCE.")
        else:
            validation.validate(person, organiser=organiser)
    return decide


@pytest.mark.parametrize("second_refuses", [True, False], ids=["validated-and-refused", "validated-twice"])
def test_a_profile_decided_twice_at_once_is_decided_once_and_told_once(app, db, make_user, make_resource_person,
                                                                      monkeypatch, second_refuses):
    person = make_resource_person(status=ValidationStatus.PENDING)
    person_id, user_id = person.id, person.user_id
    national, cra = make_user(Role.ORGANISER).id, make_user(Role.ORGANISER, region_code="53").id
    in_step(monkeypatch, validation, "utcnow")  # both have read the profile pending before either writes

    outcomes = together(app, {"national": _decide(person_id, national, refuse=False),
                              "cra": _decide(person_id, cra, refuse=second_refuses)})
    decided = [name for name, outcome in outcomes.items() if outcome is None]
    assert len(decided) == 1, outcomes
    told = outcomes["cra" if decided == ["national"] else "national"]
    assert isinstance(told, Refused) and "rien n'a été enregistré" in str(told), outcomes
    db.expire_all()
    mails = db.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.recipient_id == user_id, OutboxMessage.key.not_like("%:pending"))).all()
    assert len(mails) == 1, mails
    status = db.get(ResourcePerson, person_id).validation_status
    assert ("validé" in mails[0]) == (status is ValidationStatus.VALIDATED), (mails, status)
