"""Transfers and personal data: a departing resource person's open transfers are cancelled, the pole told."""

from __future__ import annotations

from sqlalchemy import select

from app.privacy.services import export_user_data
from models import Need, NeedStatus, OutboxMessage, Pairing, PairingStatus, Role


def test_departing_resource_person_cancels_open_transfer_and_tells_pole(app, db, make_user, make_pole,
                                                                       make_resource_person):
    from app.privacy.services import delete_account

    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    person = make_resource_person()
    need = Need(pole=pole, author=facilitator, title="Un besoin de transfert", text="x" * 40,
                status=NeedStatus.IN_PROGRESS)
    db.add(need)
    db.add(Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED))
    db.commit()
    exported = export_user_data(db, user=person.user)
    assert exported["transferts"][0]["statut"] == PairingStatus.ACCEPTED.label
    delete_account(db, user=person.user)
    db.expire_all()
    kept = db.scalar(select(Pairing))  # the pole's history: cancelled, without the person
    assert kept.status is PairingStatus.CANCELLED and kept.resource_person_id is None
    assert db.get(Need, need.id).status is NeedStatus.OPEN
    told = db.scalars(select(OutboxMessage).where(OutboxMessage.to_email == facilitator.email)).all()
    assert any("annul" in m.subject.lower() for m in told)


def test_the_export_says_a_status_as_the_pages_say_it_to_its_reader(db, scene, offered):
    """The help she offered reads « Proposé par vous » on her pages: her export said « Demandé par le pôle »."""
    exported = export_user_data(db, user=scene.finance.user)
    [mine] = [t for t in exported["transferts"] if t["id"] == offered.id]
    assert mine["statut"] == "Proposé par vous"
