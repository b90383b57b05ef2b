"""Reviewing a batch run's pairs: one at a time (« Retirer », « Rétablir », « Échanger ») or several at a time
(walk of the organisers: to send the ten pairs she was sure of out of forty-seven, Avise had to press « Retirer »
thirty-seven times, one page load each).

The pairs are ticked on the run's page; one form removes the ticked ones, restores them, or keeps only them
(the others removed, the ticked ones restored). Only a run done and not yet approved is reviewed, only its own
pairs; approval (``batch.approve_run``) then sends what the review kept.

Every edit locks the run's row first, as approval flips it (``batch.approve_run``): an edit and an approval take
turns, and an edit that comes second is refused (without the lock, « Retirer » clicked as the run was approved left
the page saying the pair was removed while its proposal had left).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import Enum

import numpy as np
from sqlalchemy import select

from app.extensions import db
from app.locks import lock_rows
from app.transactions import transactional
from app.transfers.batch_input import DECIMALS, affinity_from_snapshot
from app.transfers.services import TransferError
from app.typography import count
from models import BatchRun, BatchRunPair, BatchRunStatus, Need, ResourcePerson, User


def check_editable(run: BatchRun) -> None:
    """Only a run done and not yet approved is reviewed; one approved meanwhile says by whom."""
    if run.status is BatchRunStatus.APPROVED:
        who = db.session.get(User, run.approved_by_id) if run.approved_by_id else None
        by = f" par {who.display_name}" if who else ""
        raise TransferError(f"Ce calcul a été approuvé entre-temps{by} et ses propositions sont parties : seul un "
                            "calcul terminé et non encore approuvé se modifie. Rien n'a été modifié.")
    if run.status is not BatchRunStatus.DONE:
        raise TransferError("Seul un calcul terminé et non encore approuvé peut être modifié.")


def locked_editable(run_id: int) -> BatchRun:
    """The run, its row locked until the unit of work ends and read again (its pairs too), if it may be reviewed."""
    run = lock_rows(db.session, BatchRun, [run_id]).get(run_id)
    if run is None:
        raise TransferError("Ce calcul n'existe plus.")
    check_editable(run)
    db.session.expire(run, ["pairs"])
    return run


def _locked_pair(run: BatchRun, pair: BatchRunPair) -> tuple[BatchRun, BatchRunPair]:
    """``run`` locked (``locked_editable``) and ``pair`` read again under its lock."""
    run = locked_editable(run.id)
    fresh = next((p for p in run.pairs if p.id == pair.id), None)
    if fresh is None:
        raise TransferError("Ce binôme n'appartient pas à ce calcul.")
    return run, fresh


@transactional
def set_pair_removed(run: BatchRun, pair: BatchRunPair, *, removed: bool) -> None:
    """« Retirer » or « Rétablir » one pair of the run."""
    _, pair = _locked_pair(run, pair)
    pair.removed = removed


def swap_options(run: BatchRun, pair: BatchRunPair, *, limit: int = 10) -> list[tuple[int, float]]:
    """Other persons of the snapshot allowed for this need with room in this run: (person id, score)."""
    snapshot = run.snapshot or {}
    need_ids, person_ids = snapshot.get("need_ids", []), snapshot.get("person_ids", [])
    if pair.need_id not in need_ids:
        return []
    i = need_ids.index(pair.need_id)
    row = affinity_from_snapshot(snapshot)[i]
    used = Counter(p.resource_person_id for p in run.pairs if not p.removed and p.id != pair.id)
    options = []
    for j, person_id in enumerate(person_ids):
        if person_id == pair.resource_person_id or not np.isfinite(row[j]):
            continue
        if used[person_id] < snapshot["capacities"][j]:
            options.append((person_id, float(row[j])))
    return sorted(options, key=lambda o: -o[1])[:limit]


@transactional
def swap_pair(run: BatchRun, pair: BatchRunPair, *, person_id: int) -> None:
    """Give ``pair`` another resource person, among those the snapshot allows and with room left."""
    run, pair = _locked_pair(run, pair)
    allowed = dict(swap_options(run, pair, limit=10_000))
    if person_id not in allowed:
        raise TransferError("Cette personne ne peut pas prendre ce besoin (règle stricte ou capacité atteinte).")
    pair.resource_person_id = person_id
    pair.score = round(allowed[person_id], DECIMALS)
    pair.swapped = True
    pair.removed = False


class Review(Enum):
    """What the form does with the ticked pairs."""

    REMOVE = "retirer"
    RESTORE = "retablir"
    KEEP_ONLY = "garder"


NOTHING_TICKED = "Cochez au moins un binôme dans la liste."


@transactional
def review_pairs(*, run_id: int, pair_ids: Iterable[int], review: Review) -> tuple[int, int]:
    """Apply ``review`` to the ticked pairs of the run (ids of another run are ignored: a stale page or a forged
    form changes nothing there); returns how many pairs it removed and how many it restored. The run's row is
    locked first, as approval flips it: a review and an approval of the same run take turns."""
    run = locked_editable(run_id)
    ticked = set(pair_ids)
    pairs = db.session.scalars(select(BatchRunPair).where(BatchRunPair.run_id == run.id)).all()
    if not ticked & {pair.id for pair in pairs}:
        raise TransferError(NOTHING_TICKED)
    removed_now = restored_now = 0
    for pair in pairs:
        if review is Review.KEEP_ONLY:
            removed = pair.id not in ticked
        elif pair.id in ticked:
            removed = review is Review.REMOVE
        else:
            continue
        if pair.removed != removed:
            pair.removed = removed
            removed_now, restored_now = removed_now + removed, restored_now + (not removed)
    return removed_now, restored_now


def reviewed_notice(removed: int, restored: int) -> str:
    """The notice after the form: « 37 binômes retirés. », « 1 binôme rétabli, 37 binômes retirés. »."""
    parts = [count(restored, "binôme rétabli", "binômes rétablis")] if restored else []
    parts += [count(removed, "binôme retiré", "binômes retirés")] if removed else []
    return f"{', '.join(parts)}." if parts else "Rien n'a changé\u00a0: les binômes cochés l'étaient déjà."


def pair_notice(pair: BatchRunPair, action: str, *, before_person_id: int) -> str:
    """The notice after one pair's own button, naming the pair (the focus lands on it, and a keyboard or screen
    reader user cannot see the row): retired, restored, or proposed to another resource person."""
    need = db.session.get(Need, pair.need_id)
    what = f"« {need.title} »" if need is not None else f"Le besoin n°\u00a0{pair.need_id}"
    person = db.session.get(ResourcePerson, pair.resource_person_id)
    name = person.user.display_name if person is not None else "la personne ressource"
    if action == "echanger":
        before = db.session.get(ResourcePerson, before_person_id)
        instead = f", au lieu de {before.user.display_name}" if before is not None else ""
        return f"Personne ressource échangée : {what} sera proposé à {name}{instead}."
    if action == "retirer":
        return f"Binôme retiré : {what} avec {name} ne partira pas."
    return f"Binôme rétabli : {what} avec {name} partira à l'approbation."


#: The orders a run's pairs are read in for its review (``?ordre=``): the calculation's, the weakest affinity first
#: (the pairs to check), or by region of the need's pole.
ORDERS = {"calcul": "Ordre du calcul", "affinite": "Affinité la plus faible d'abord", "region": "Par région du pôle"}


def order_asked(value: str | None) -> str | None:
    """The order asked for, if it is one of :data:`ORDERS` other than the calculation's (None: the calculation's)."""
    return value if value in ORDERS and value != "calcul" else None


def ordered(pairs: list[BatchRunPair], order: str | None, needs: dict[int, Need]) -> list[BatchRunPair]:
    """``pairs`` in ``order`` (``order_asked``), ties in the calculation's order; a need out of sight comes last."""
    if order == "affinite":
        return sorted(pairs, key=lambda pair: (pair.score, pair.id))
    if order == "region":
        def region(pair: BatchRunPair) -> tuple[int, str, int]:
            need = needs.get(pair.need_id)
            name = need.pole.region.name if need is not None and need.pole.region is not None else ""
            return (0 if name else 1, name, pair.id)
        return sorted(pairs, key=region)
    return pairs
