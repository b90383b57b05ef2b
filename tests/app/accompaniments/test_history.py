"""A pole's history dates each entry by the day in Paris, not the server's UTC day."""

from __future__ import annotations

from datetime import date, datetime

from app.accompaniments.history import pole_history
from app.transfers import services as transfers
from models import Need, NeedKind, Offer, Role


def test_a_transfer_asked_at_half_past_midnight_in_paris_is_dated_that_day(db, make_pole, make_user,
                                                                          make_resource_person):
    pole = make_pole("Pôle des Coteaux", region_code="53")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title="Financer la coordination", kind=NeedKind.TRANSFER,
                text="Le poste de coordination dépend d'une seule subvention annuelle.")
    db.add(need)
    person = make_resource_person(region_code="84")
    db.add(Offer(resource_person=person, title="Diversifier les financements", text="x" * 40))
    db.commit()
    pairing = transfers.request_transfer(need=need, person=person, requester=facilitator)
    pairing.created_at = datetime(2026, 12, 31, 23, 30)  # 1 January 2027 at 0 h 30 in Paris
    db.commit()
    [entry] = [e for e in pole_history(pole) if e.area == "Transfert"]
    assert entry.on == date(2027, 1, 1)
