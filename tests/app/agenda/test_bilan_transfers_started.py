"""« Nouveaux transferts de savoir-faire dans l'année »: the transfers the resource person accepted in the year (in
Paris), not those suggested or requested that year and accepted the next, nor a request validated by the network
that the resource person has not accepted (it may still be declined)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from app.agenda.bilan import bilan
from models import Need, NeedKind, Pairing, PairingStatus, Role

S = PairingStatus


def _pairing(db, pole, author, person, status: PairingStatus, created: datetime,
             decided: datetime | None) -> Pairing:
    need = Need(pole=pole, author=author, title="Structurer la coopération", text="Un besoin.", kind=NeedKind.TRANSFER)
    pairing = Pairing(need=need, resource_person=person, status=status, created_at=created, decided_at=decided,
                      status_changed_at=decided or created)
    db.add(pairing)
    db.commit()
    return pairing


def test_a_transfer_is_new_in_the_year_the_resource_person_accepted_it(db, make_user, make_pole,
                                                                       make_resource_person):
    pole = make_pole(region_code="84")
    author, person = make_user(Role.FACILITATOR, pole=pole), make_resource_person()
    # Asked in December 2025, accepted in January 2026: a transfer of 2026.
    _pairing(db, pole, author, person, S.IN_PROGRESS, datetime(2025, 12, 10, 9), datetime(2026, 1, 12, 9))
    # Accepted at 0 h 30 on 1 January 2026 in Paris (23 h 30 UTC on 31 December): 2026 too.
    _pairing(db, pole, author, person, S.PLANNED, datetime(2025, 12, 1, 9), datetime(2025, 12, 31, 23, 30))
    # Validated by the network in 2026, not answered by the resource person: not a transfer yet.
    _pairing(db, pole, author, person, S.VALIDATED, datetime(2026, 3, 1, 9), None)
    # Declined: never a transfer.
    _pairing(db, pole, author, person, S.DECLINED, datetime(2026, 3, 1, 9), datetime(2026, 3, 2, 9))
    # Accepted and done within 2025.
    _pairing(db, pole, author, person, S.COMPLETED, datetime(2025, 2, 1, 9), datetime(2025, 2, 3, 9))

    sql = """SELECT count(*) FROM pairings WHERE status IN ('accepted', 'planned', 'in_progress', 'completed')
             AND decided_at >= :start AND decided_at < :end"""
    for year in (2025, 2026):  # the network's year: from 1 January 0 h in Paris (23 h UTC the day before, winter)
        expected = db.execute(text(sql), {"start": datetime(year - 1, 12, 31, 23),
                                          "end": datetime(year, 12, 31, 23)}).scalar()
        assert bilan(year=year).one_to_one.transfers_started == expected
        assert bilan(year=year, region_code="84").one_to_one.transfers_started == expected
    assert bilan(year=2025).one_to_one.transfers_started == 1
    assert bilan(year=2026).one_to_one.transfers_started == 2
