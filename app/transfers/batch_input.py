"""The input of a batch pairing run: the open transfer needs and the people available, the frozen
snapshot the solver works from, and the engine's explanation of each pair found.

Split from ``app.transfers.batch`` (which re-exports what its callers use): a run is rebuilt only
from its snapshot, so re-running it gives the same pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from flask import current_app
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.access.scopes import need_in_scope
from app.extensions import db
from app.pagination import Paged
from app.resources.validation import listed
from app.suggestions.capacity import capacity_left, current_load
from app.transfers.services import OPEN_STATUSES, TRANSFER_NEED_KINDS, ruled_out_pairs
from matching.assign import AssignmentProblem
from models import BatchRun, BatchRunPair, Need, NeedStatus, Offer, Pairing, Pole, ResourcePerson, User, utcnow

#: Affinities and scores are stored rounded to this many decimals.
DECIMALS = 6


def _to_pair(viewer: User | None) -> list[ColumnElement[bool]]:
    busy = select(Pairing.need_id).where(Pairing.status.in_(OPEN_STATUSES))
    return [Need.status == NeedStatus.OPEN, Need.kind.in_(TRANSFER_NEED_KINDS), Need.id.not_in(busy),
            *([need_in_scope(viewer)] if viewer is not None else [])]


def open_transfer_needs(*, viewer: User | None = None) -> list[Need]:
    """Open needs asking for a transfer (or any help) with no pairing under way (those ``viewer`` may see)."""
    return list(db.session.scalars(
        select(Need).where(*_to_pair(viewer))
        .options(selectinload(Need.themes), joinedload(Need.pole).joinedload(Pole.region))
        .order_by(Need.id)).unique())


def open_transfer_needs_paged(page: Callable[[Sequence[int]], Paged[int]], *, viewer: User | None = None,
                              ) -> Paged[Need]:
    """``open_transfer_needs`` cut by ``page`` (``app.pagination.paginate``), only the page's needs read (with their
    pole and region): the console lists them, nine hundred at national scale."""
    paged = page(list(db.session.scalars(select(Need.id).where(*_to_pair(viewer)).order_by(Need.id))))
    loaded = {n.id: n for n in db.session.scalars(
        select(Need).where(Need.id.in_(paged.items)).options(joinedload(Need.pole).joinedload(Pole.region)))}
    return replace(paged, items=[loaded[i] for i in paged.items])


@dataclass(frozen=True)
class OpenNeeds:
    """The open needs a viewer sees, by what a run can do with them (the console says why its count differs
    from the home page's « besoins ouverts », which counts every open need)."""

    total: int
    #: Open transfer needs (or « any help ») with no transfer under way: those a run pairs.
    to_pair: int
    #: Open transfer needs with a request or a proposal under way (a run leaves them out).
    under_way: int
    #: Open needs asking for a visit or a legal answer.
    other_kinds: int


def open_need_counts(*, viewer: User | None = None) -> OpenNeeds:
    """Count the open needs ``viewer`` may see: all, to pair, with a transfer under way, of another kind."""
    open_ = [Need.status == NeedStatus.OPEN, *([need_in_scope(viewer)] if viewer is not None else [])]
    by_kind = dict(db.session.execute(select(Need.kind, func.count(Need.id)).where(*open_).group_by(Need.kind)).all())
    transfer = sum(n for kind, n in by_kind.items() if kind in TRANSFER_NEED_KINDS)
    under_way = db.session.scalar(select(func.count(Need.id)).where(
        *open_, Need.kind.in_(TRANSFER_NEED_KINDS),
        Need.id.in_(select(Pairing.need_id).where(Pairing.status.in_(OPEN_STATUSES))))) or 0
    return OpenNeeds(total=sum(by_kind.values()), to_pair=transfer - under_way, under_way=under_way,
                     other_kinds=sum(by_kind.values()) - transfer)


def _available() -> list[ColumnElement[bool]]:
    return [User.is_active.is_(True), listed(), ResourcePerson.offers.any(Offer.active.is_(True))]


def available_people() -> list[tuple[ResourcePerson, int]]:
    """Active resource persons with an active offer and capacity left this year, with that capacity."""
    people = list(db.session.scalars(
        select(ResourcePerson).join(ResourcePerson.user).where(*_available())
        .options(joinedload(ResourcePerson.user), joinedload(ResourcePerson.region))
        .order_by(ResourcePerson.id)).unique())
    left = capacity_left(db.session, people)
    return [(p, left[p.id]) for p in people if left[p.id] > 0]


def available_people_paged(page: Callable[[Sequence[int]], Paged[int]]) -> Paged[tuple[ResourcePerson, int]]:
    """``available_people`` cut by ``page`` (``app.pagination.paginate``): every one's capacity read (whom to list
    and count), only the page's people read with their account and region (six hundred and forty nationally)."""
    capacities = db.session.execute(select(ResourcePerson.id, ResourcePerson.yearly_capacity)
                                    .join(ResourcePerson.user).where(*_available()).order_by(ResourcePerson.id)).all()
    load = current_load(db.session, [person_id for person_id, _ in capacities])
    left = {person_id: yearly - load.get(person_id, 0) for person_id, yearly in capacities}
    paged = page([person_id for person_id, n in left.items() if n > 0])
    loaded = {p.id: p for p in db.session.scalars(
        select(ResourcePerson).where(ResourcePerson.id.in_(paged.items))
        .options(joinedload(ResourcePerson.user), joinedload(ResourcePerson.region)))} if paged.items else {}
    return replace(paged, items=[(loaded[i], left[i]) for i in paged.items])


def build_snapshot(*, min_score: float) -> dict[str, Any]:
    """Freeze everything the solver needs; hard-rule exclusions are left out of the affinities."""
    from app.suggestions.services import affinity_matrix

    needs = open_transfer_needs()
    people_left = available_people()
    people = [p for p, _ in people_left]
    matrix = affinity_matrix(needs, people).astype(np.float64) if needs and people else np.zeros((len(needs), len(people)))
    need_index = {n.id: i for i, n in enumerate(needs)}
    person_index = {p.id: j for j, p in enumerate(people)}
    forbidden: list[list[Any]] = [[need_id, person_id, why] for need_id, person_id, why in ruled_out_pairs()
                                  if need_id in need_index and person_id in person_index]
    for need_id, person_id, _ in forbidden:
        matrix[need_index[need_id], person_index[person_id]] = -np.inf
    rows, cols = np.nonzero(np.isfinite(matrix) & (matrix > 0))
    return {
        "taken_at": utcnow().isoformat(timespec="seconds"),
        "model": current_app.config["EMBEDDING_MODEL"],
        "need_ids": [n.id for n in needs],
        "need_regions": [n.pole.region_code for n in needs],
        "person_ids": [p.id for p in people],
        "capacities": [c for _, c in people_left],
        "forbidden": sorted(forbidden),
        "entries": {"rows": rows.tolist(), "cols": cols.tolist(),
                    "scores": [round(float(s), DECIMALS) for s in matrix[rows, cols]]},
        "min_score_at_snapshot": min_score,
    }


def pair_key(need_id: int, person_id: int) -> str:
    return f"{need_id}:{person_id}"


def pair_explanations(pairs: Iterable[tuple[int, int]]) -> dict[str, dict[str, Any]]:
    """Why each (need id, person id) pair fits, as the engine explains it: the person's best offer and the
    reasons, keyed « need:person ». A pair the engine cannot read (texts too short) has none."""
    from app.suggestions.services import explain_match

    found: dict[str, dict[str, Any]] = {}
    for need_id, person_id in pairs:
        need, person = db.session.get(Need, need_id), db.session.get(ResourcePerson, person_id)
        match = explain_match(need, person) if need is not None and person is not None else None
        if match is not None:
            found[pair_key(need_id, person_id)] = {"offer_id": match.card.offer_id,
                                                    "explanation": match.explanation.to_dict()}
    return found


def stored_explanations(run: BatchRun, pairs: Iterable[BatchRunPair]) -> dict[str, dict[str, Any]]:
    """The explanation of each pair of ``run``, keyed « need:person »: as the run stored it, or (a swapped pair)
    read now. What its review shows and what approval gives each proposal."""
    stored = dict((run.result or {}).get("explanations") or {})
    missing = [(p.need_id, p.resource_person_id) for p in pairs
               if pair_key(p.need_id, p.resource_person_id) not in stored]
    return stored | pair_explanations(missing)


def affinity_from_snapshot(snapshot: dict[str, Any]) -> np.ndarray:
    matrix = np.full((len(snapshot["need_ids"]), len(snapshot["person_ids"])), -np.inf)
    entries = snapshot["entries"]
    if entries["rows"]:
        matrix[np.asarray(entries["rows"]), np.asarray(entries["cols"])] = np.asarray(entries["scores"])
    return matrix


def problem_from_snapshot(snapshot: dict[str, Any], params: dict[str, Any]) -> AssignmentProblem:
    """The assignment problem of a run, rebuilt only from stored data (hence identical re-runs)."""
    balance = params.get("max_per_person_per_region")
    return AssignmentProblem(
        affinity=affinity_from_snapshot(snapshot),
        capacity=np.asarray(snapshot["capacities"], dtype=np.int64),
        min_score=float(params.get("min_score", 0.0)),
        need_regions=list(snapshot["need_regions"]) if balance else None,
        max_per_person_per_region=int(balance) if balance else None,
    )
