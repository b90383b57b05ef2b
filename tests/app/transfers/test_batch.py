"""Batch pairing runs: snapshot, exact vs greedy, identical re-runs, review, all-or-nothing approval."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.transfers import batch
from app.transfers.services import TransferError, forbid_pair
from models import BatchRun, BatchRunPair, BatchRunStatus, OutboxMessage, Pairing, PairingStatus


def _run(db, scene, **params) -> BatchRun:
    run = batch.launch_run(organiser=scene.organiser, min_score=params.pop("min_score", 0.0), **params).run
    return batch.execute_run(run.id)


def _pairs(run: BatchRun) -> set[tuple[int, int]]:
    return {(p.need_id, p.resource_person_id) for p in run.pairs}


def test_run_pairs_each_need_with_best_person_and_reports_greedy(db, scene):
    run = _run(db, scene)
    assert run.status is BatchRunStatus.DONE and run.progress == 1.0
    assert _pairs(run) == {(scene.finance_need.id, scene.finance.id), (scene.food_need.id, scene.food.id)}
    assert run.result["exact"]["total"] >= run.result["greedy"]["total"] - 1e-9
    assert run.result["exact"]["covered"] == 2 and run.result["unmatched"] == []
    assert run.snapshot["model"] == "hashing" and run.snapshot["capacities"] == [1, 2]


def test_forbidden_pair_and_threshold_leave_needs_unmatched_with_reason(db, scene):
    forbid_pair(need=scene.finance_need, person=scene.finance, organiser=scene.organiser, reason="Conflit")
    run = _run(db, scene)
    assert (scene.finance_need.id, scene.finance.id) not in _pairs(run)
    best = max(run.snapshot["entries"]["scores"])
    strict = _run(db, scene, min_score=best + 1e-3)
    assert strict.pairs == []
    assert {u["need_id"] for u in strict.result["unmatched"]} == {scene.finance_need.id, scene.food_need.id}
    assert {u["code"] for u in strict.result["unmatched"]} <= {"sous_seuil", "exclue"}
    assert [scene.finance_need.id, scene.finance.id, "interdit"] in run.snapshot["forbidden"]


def test_rerun_from_snapshot_gives_the_same_pairs(db, scene, make_resource_person):
    from models import Offer

    first = _run(db, scene)
    newcomer = make_resource_person(capacity=5)  # the world changes; the snapshot does not
    db.add(Offer(resource_person=newcomer, title=scene.finance_need.title, text=scene.finance_need.text))
    db.commit()
    again = batch.execute_run(batch.launch_run(organiser=scene.organiser, min_score=0, rerun_of=first).run.id)
    assert again.rerun_of_id == first.id and again.params == first.params
    assert [(p.need_id, p.resource_person_id, p.score) for p in again.pairs] == \
        [(p.need_id, p.resource_person_id, p.score) for p in first.pairs]
    assert again.result["exact"] == {**first.result["exact"], "seconds": again.result["exact"]["seconds"]}


def test_crash_mid_run_leaves_failed_run_and_no_pair(db, scene, monkeypatch):
    def boom(*_args, **_kwargs):
        raise RuntimeError("solveur en panne")

    monkeypatch.setattr(batch, "compare", boom)
    run = _run(db, scene)
    assert run.status is BatchRunStatus.FAILED and "solveur en panne" in run.error
    assert db.scalar(select(func.count(BatchRunPair.id))) == 0
    assert db.scalar(select(func.count(Pairing.id))) == 0
    with pytest.raises(TransferError):
        batch.approve_run(run_id=run.id, organiser=scene.organiser)


def test_background_run_is_a_job_that_reports_progress_and_finishes(app, db, scene):
    from app.jobs.runner import join_thread
    from models import Job, JobState

    run = batch.launch_run(organiser=scene.organiser, min_score=0.0).run
    job = batch.start_run(run)
    assert job is not None and job.kind == "batch-run" and job.payload == {"run_id": run.id}
    join_thread(job.id, timeout=60)
    db.expire_all()
    run = db.get(BatchRun, run.id)
    assert run.status is BatchRunStatus.DONE and run.heartbeat_at is not None and len(run.pairs) == 2
    job = db.get(Job, job.id)
    assert job.state is JobState.DONE and job.attempts == 1 and job.progress == 1.0


def test_a_second_start_of_the_same_run_queues_no_second_job(app, db, scene):
    from models import Job

    app.config["JOBS_RUNNER"] = "queue"
    run = batch.launch_run(organiser=scene.organiser, min_score=0.0).run
    first, second = batch.start_run(run), batch.start_run(run)
    assert first.id == second.id and db.scalar(select(func.count(Job.id))) == 1


def test_a_run_whose_process_died_is_run_again_by_the_queue(app, db, scene):
    """The web worker (or scheduler) solving a run dies: its claim expires, another process restarts it."""
    from datetime import timedelta

    from app.jobs import runner
    from models import Job, JobState, utcnow

    app.config["JOBS_RUNNER"] = "queue"
    run = batch.launch_run(organiser=scene.organiser, min_score=0.0).run
    job = batch.start_run(run)
    assert runner.claim(worker="mort:1") == job.id  # claimed, then the process dies mid-run
    db.execute(batch.update(BatchRun).where(BatchRun.id == run.id).values(status=BatchRunStatus.RUNNING))
    db.commit()
    assert runner.run_next(worker="vivant:2") is None  # the claim has not expired yet
    later = utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)
    assert runner.claim(worker="vivant:2", now=later) == job.id
    runner.run_claimed(job.id, worker="vivant:2")
    db.expire_all()
    assert db.get(BatchRun, run.id).status is BatchRunStatus.DONE and len(db.get(BatchRun, run.id).pairs) == 2
    assert db.get(Job, job.id).state is JobState.DONE and db.get(Job, job.id).attempts == 2


def test_review_remove_swap_then_approve_creates_proposals_once(db, scene, make_resource_person):
    from models import Offer

    second = make_resource_person(capacity=1)
    db.add(Offer(resource_person=second, title="Financer la coordination d'un pôle",
                 text="Cotisations des membres et conventions pour financer le poste de coordination."))
    db.commit()
    run = _run(db, scene)
    finance_pair = next(p for p in run.pairs if p.need_id == scene.finance_need.id)
    food_pair = next(p for p in run.pairs if p.need_id == scene.food_need.id)
    batch.set_pair_removed(run, food_pair, removed=True)
    options = dict(batch.swap_options(run, finance_pair))
    assert options and finance_pair.resource_person_id not in options
    other = next(iter(options))
    batch.swap_pair(run, finance_pair, person_id=other)
    assert finance_pair.swapped and finance_pair.score == pytest.approx(options[other])
    with pytest.raises(TransferError):
        batch.swap_pair(run, finance_pair, person_id=999_999)

    created = batch.approve_run(run_id=run.id, organiser=scene.organiser)
    assert [(p.need_id, p.resource_person_id, p.status) for p in created] == \
        [(scene.finance_need.id, other, PairingStatus.PROPOSED)]
    assert created[0].batch_run_id == run.id and created[0].events[-1].to_status is PairingStatus.PROPOSED
    assert db.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.key == f"pairing:{created[0].id}:proposed:user:{created[0].resource_person.user_id}")) == 1
    with pytest.raises(TransferError, match="déjà été approuvé"):
        batch.approve_run(run_id=run.id, organiser=scene.organiser)
    assert db.scalar(select(func.count(Pairing.id))) == 1
    with pytest.raises(TransferError):
        batch.set_pair_removed(run, food_pair, removed=False)


def test_approval_is_all_or_nothing(db, scene):
    from app.transfers.services import propose_pairing

    run = _run(db, scene)
    # Meanwhile the finance person got a proposal elsewhere: capacity 1 is used up.
    propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    before = db.scalar(select(func.count(Pairing.id)))
    with pytest.raises(TransferError, match="Rien n'a été approuvé"):
        batch.approve_run(run_id=run.id, organiser=scene.organiser)
    db.expire_all()
    assert db.scalar(select(func.count(Pairing.id))) == before
    assert db.get(BatchRun, run.id).status is BatchRunStatus.DONE


def test_batch_runs_skip_needs_already_paired(db, scene):
    from app.transfers.services import request_transfer

    request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    assert [n.id for n in batch.open_transfer_needs()] == [scene.food_need.id]


@pytest.mark.postgres
def test_concurrent_approvals_produce_one_set_of_proposals(app, db, scene, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    run = _run(db, scene)
    organiser_id = scene.organiser.id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve() -> None:
        from app.extensions import db as db_ext
        from models import User

        with app.app_context():
            organiser = db_ext.session.get(User, organiser_id)
            barrier.wait()
            try:
                batch.approve_run(run_id=run.id, organiser=organiser)
                outcomes.append("ok")
            except TransferError as error:
                outcomes.append(str(error))

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes)[0].startswith("Ce calcul a déjà été approuvé") and outcomes.count("ok") == 1
    db.expire_all()
    assert db.scalar(select(func.count(Pairing.id))) == 2


def test_a_run_whose_job_is_dead_is_shown_failed(app, db, scene):
    from datetime import timedelta

    from app.jobs import runner
    from models import Job, JobState, utcnow

    app.config["JOBS_RUNNER"] = "queue"
    run = batch.launch_run(organiser=scene.organiser, min_score=0.0).run
    job = batch.start_run(run)
    db.execute(batch.update(Job).where(Job.id == job.id).values(max_attempts=1))
    db.commit()
    assert batch.reap_stale_runs() == 0  # queued for a scheduler: not stale
    assert runner.claim(worker="mort:1") == job.id  # its process dies mid-run, on its last attempt
    runner.bury_abandoned(now=utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1))
    assert batch.reap_stale_runs() == 1
    db.expire_all()
    run = db.get(BatchRun, run.id)
    assert db.get(Job, job.id).state is JobState.DEAD
    assert run.status is BatchRunStatus.FAILED and "après 1\u00a0essai :" in run.error
