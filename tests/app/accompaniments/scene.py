"""A pole whose facilitator asked a resource person for a transfer: the first line of its history."""

from __future__ import annotations

from app.transfers import services as transfers
from models import Need, NeedKind, Offer, Pairing, Pole, Role, User


def pole_asking_a_transfer(db, make_pole, make_user, make_resource_person) -> tuple[Pole, User, Pairing]:
    """« Pôle des Coteaux » (Bretagne) asked « Financer la coordination » of a person in Occitanie."""
    pole = make_pole("Pôle des Coteaux", region_code="53")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Financer la coordination", kind=NeedKind.TRANSFER,
                text="Le poste de coordination dépend d'une seule subvention annuelle.")
    db.add(need)
    person = make_resource_person(region_code="84")
    db.add(Offer(resource_person=person, title="Diversifier les financements", text="x" * 40))
    db.commit()
    return pole, facilitator, transfers.request_transfer(need=need, person=person, requester=facilitator)
