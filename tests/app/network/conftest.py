"""Fixtures of the network views: a few poles with départements, themes and needs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models import Departement, Need, NeedStatus, Offer, Pole, Theme


@pytest.fixture
def make_need(db) -> Callable[..., Need]:  # noqa: ANN001
    def make(pole: Pole, *, themes: tuple[str, ...] = (), status: NeedStatus = NeedStatus.OPEN,
             title: str = "Structurer la gouvernance", **fields) -> Need:  # noqa: ANN003
        need = Need(pole=pole, title=title, text="Texte du besoin.", status=status,
                    themes=[db.get(Theme, code) for code in themes], **fields)
        db.add(need)
        db.commit()
        return need

    return make


@pytest.fixture
def place(db) -> Callable[[Pole, str], Pole]:  # noqa: ANN001
    def put(pole: Pole, *codes: str) -> Pole:
        pole.departements = [db.get(Departement, code) for code in codes]
        db.commit()
        return pole

    return put


@pytest.fixture
def make_offer(db) -> Callable[..., Offer]:  # noqa: ANN001
    def make(person, *, themes: tuple[str, ...] = (), active: bool = True) -> Offer:  # noqa: ANN001
        offer = Offer(resource_person=person, title="Ce que je transmets", text="Texte.", active=active,
                      themes=[db.get(Theme, code) for code in themes])
        db.add(offer)
        db.commit()
        return offer

    return make
