"""Fixtures of the network views: a few poles with départements, themes and needs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models import Departement, Need, NeedStatus, Offer, Pole, Theme


@pytest.fixture
def make_need(db) -> Callable[..., Need]:
    def make(pole: Pole, *, themes: tuple[str, ...] = (), status: NeedStatus = NeedStatus.OPEN,
             title: str = "Structurer la gouvernance", **fields) -> Need:
        need = Need(pole=pole, title=title, text="Texte du besoin.", status=status,
                    themes=[db.get(Theme, code) for code in themes], **fields)
        db.add(need)
        db.commit()
        return need

    return make


@pytest.fixture
def place(db) -> Callable[[Pole, str], Pole]:
    def put(pole: Pole, *codes: str) -> Pole:
        pole.departements = [db.get(Departement, code) for code in codes]
        db.commit()
        return pole

    return put


@pytest.fixture
def make_offer(db) -> Callable[..., Offer]:
    def make(person, *, themes: tuple[str, ...] = (), active: bool = True) -> Offer:
        offer = Offer(resource_person=person, title="Ce que je transmets", text="Texte.", active=active,
                      themes=[db.get(Theme, code) for code in themes])
        db.add(offer)
        db.commit()
        return offer

    return make


@pytest.fixture
def make_pairing(db):
    from datetime import timedelta

    from models import Pairing, PairingDay, PairingStatus, Meeting, MeetingKind

    def make(need, person, *, status: PairingStatus = PairingStatus.PLANNED, created_at=None,
             first_day=None, completed_at=None) -> Pairing:
        pairing = Pairing(need=need, resource_person=person, status=status, completed_at=completed_at)
        if created_at is not None:
            pairing.created_at = created_at
        if first_day is not None:
            session = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Jour 1", starts_at=first_day,
                              ends_at=first_day + timedelta(hours=7))
            pairing.days = [PairingDay(session=session, stage=1)]
        db.add(pairing)
        db.commit()
        return pairing

    return make
