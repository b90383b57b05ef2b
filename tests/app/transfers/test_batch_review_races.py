"""A pair of a batch run removed (or swapped) while the run is approved (PostgreSQL).

The approval flips the run and sends the pairs it read; a « Retirer » or « Échanger » clicked on the run's page at
the same instant read the run « terminé » and wrote the pair without the run's lock: the run then showed the pair
removed (or given to another person) while its proposal had left for the first one. The pair's edits now lock the
run's row, as the ticked review does: they wait for the approval and are refused, in French."""

from __future__ import annotations

import threading

from sqlalchemy import select

from app.extensions import db as db_ext
from app.transfers import batch
from app.transfers.services import TransferError
from models import BatchRun, BatchRunPair, BatchRunStatus, Need, NeedKind, Pairing, User
from tests.races import on_postgres, together

pytestmark = on_postgres


def _run(db, scene, make_resource_person) -> tuple[BatchRun, list[BatchRunPair], int]:
    people = [make_resource_person(capacity=2) for _ in range(3)]
    needs = [Need(pole=scene.pole, author=scene.facilitator, title=f"Besoin {n} : financer la coordination",
                  text="Nous cherchons à diversifier le financement de notre poste de coordination mutualisé.",
                  kind=NeedKind.TRANSFER) for n in range(2)]
    db.add_all(needs)
    db.commit()
    run = BatchRun(organiser_id=scene.organiser.id, params={}, status=BatchRunStatus.DONE, stage="Terminé",
                   snapshot={"need_ids": [n.id for n in needs], "person_ids": [p.id for p in people],
                             "capacities": [2, 2, 2],
                             "entries": {"rows": [0, 0, 1, 1], "cols": [0, 2, 1, 2], "scores": [0.9, 0.4, 0.8, 0.6]}},
                   pairs=[BatchRunPair(need_id=needs[n].id, resource_person_id=people[n].id, score=0.9)
                          for n in range(2)])
    db.add(run)
    db.commit()
    return run, list(run.pairs), people[2].id


def _sent_pairs(db, run_id: int) -> set[tuple[int, int]]:
    db.expire_all()
    return set(tuple(row) for row in db.execute(select(Pairing.need_id, Pairing.resource_person_id)
                          .where(Pairing.batch_run_id == run_id)))


def _kept_pairs(db, run_id: int) -> set[tuple[int, int]]:
    return set(tuple(row) for row in db.execute(select(BatchRunPair.need_id, BatchRunPair.resource_person_id)
                          .where(BatchRunPair.run_id == run_id, BatchRunPair.removed.is_(False))))


def _approving_while(app, monkeypatch, run_id: int, organiser_id: int, edit) -> dict:
    """``edit`` runs once the approval has read the pairs it sends; the approval then waits until ``edit`` returned
    (or two seconds, once the edit waits for the run's lock)."""
    read, done = threading.Event(), threading.Event()
    explanations = batch.stored_explanations

    def approval_read_the_pairs(*args, **kwargs):
        read.set()
        done.wait(2)
        return explanations(*args, **kwargs)

    monkeypatch.setattr(batch, "stored_explanations", approval_read_the_pairs)

    def edit_once_read():
        try:
            read.wait(10)
            return edit()
        finally:
            done.set()

    return together(app, {
        "approve": lambda: batch.approve_run(run_id=run_id, organiser=db_ext.session.get(User, organiser_id)),
        "edit": edit_once_read,
    })


def test_a_pair_removed_as_the_run_is_approved_is_not_removed_after_its_proposal_left(
        app, db, scene, make_resource_person, monkeypatch):
    run, pairs, _ = _run(db, scene, make_resource_person)
    run_id, pair_id, organiser_id = run.id, pairs[0].id, scene.organiser.id

    def remove():
        the_run = db_ext.session.get(BatchRun, run_id)
        return batch.set_pair_removed(the_run, db_ext.session.get(BatchRunPair, pair_id), removed=True)

    outcomes = _approving_while(app, monkeypatch, run_id, organiser_id, remove)

    assert isinstance(outcomes["edit"], TransferError), outcomes
    assert "approuvé entre-temps" in str(outcomes["edit"])
    assert _sent_pairs(db, run_id) == _kept_pairs(db, run_id) and len(_sent_pairs(db, run_id)) == 2


def test_a_pair_swapped_as_the_run_is_approved_still_names_the_person_proposed(
        app, db, scene, make_resource_person, monkeypatch):
    run, pairs, other_id = _run(db, scene, make_resource_person)
    run_id, pair_id, organiser_id = run.id, pairs[0].id, scene.organiser.id

    def swap():
        the_run = db_ext.session.get(BatchRun, run_id)
        return batch.swap_pair(the_run, db_ext.session.get(BatchRunPair, pair_id), person_id=other_id)

    outcomes = _approving_while(app, monkeypatch, run_id, organiser_id, swap)

    assert isinstance(outcomes["edit"], TransferError), outcomes
    assert _sent_pairs(db, run_id) == _kept_pairs(db, run_id)
