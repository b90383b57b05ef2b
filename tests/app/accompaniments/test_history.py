"""A pole's history dates each entry by the day in Paris, not the server's UTC day."""

from __future__ import annotations

from datetime import date, datetime

from app.accompaniments.history import pole_history
from tests.app.accompaniments.scene import pole_asking_a_transfer


def test_a_transfer_asked_at_half_past_midnight_in_paris_is_dated_that_day(db, make_pole, make_user,
                                                                          make_resource_person):
    pole, _facilitator, pairing = pole_asking_a_transfer(db, make_pole, make_user, make_resource_person)
    pairing.created_at = datetime(2026, 12, 31, 23, 30)  # 1 January 2027 at 0 h 30 in Paris
    db.commit()
    [entry] = [e for e in pole_history(pole) if e.area == "Transfert"]
    assert entry.on == date(2027, 1, 1)
