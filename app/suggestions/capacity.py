"""Capacity left of each resource person this year (yearly capacity minus current load)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from models import ResourcePerson

#: Returns {resource_person_id: transfers counted this year}, for ``ids`` or for everyone if None.
LoadProvider = Callable[[Session, Sequence[int] | None], dict[int, int]]
_load_providers: list[LoadProvider] = []


def register_load_provider(provider: LoadProvider) -> None:
    """Areas that create load (transfers) register how to count it."""
    if provider not in _load_providers:
        _load_providers.append(provider)


def current_load(session: Session, ids: Sequence[int] | None = None) -> dict[int, int]:
    load: dict[int, int] = {}
    for provider in _load_providers:
        for person_id, count in provider(session, ids).items():
            load[person_id] = load.get(person_id, 0) + count
    return load


def capacity_left(session: Session, people: Sequence[ResourcePerson]) -> dict[int, int]:
    load = current_load(session, [p.id for p in people])
    return {p.id: max(0, p.yearly_capacity - load.get(p.id, 0)) for p in people}


def load_fingerprint(session: Session) -> tuple[tuple[int, int], ...]:
    """Every non-zero load, to know when a cached ranking's capacities went stale."""
    return tuple(sorted(current_load(session).items()))

