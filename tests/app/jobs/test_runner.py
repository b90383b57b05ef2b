"""The background runner: enqueue, claim once, progress, retries with backoff, dead jobs, crashed claimers."""

from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.jobs import runner
from app.jobs.kinds import job_kind
from app.jobs.queue import enqueue, report_progress
from models import Job, JobState, utcnow

calls: list[dict] = []
_calls_lock = threading.Lock()


@job_kind("test-record")
def _record(payload: dict, *, attempt: int) -> None:
    report_progress("À mi-chemin", 0.5, force=True)
    with _calls_lock:
        calls.append({**payload, "attempt": attempt})
    if payload.get("fail_until", 0) >= attempt:
        raise RuntimeError(f"panne à l'essai {attempt}")


@pytest.fixture(autouse=True)
def _queue_mode(app):
    app.config["JOBS_RUNNER"] = "queue"
    calls.clear()
    yield


def test_enqueue_then_a_worker_runs_it_once_with_its_progress(app, db):
    job = enqueue("test-record", {"n": 1})
    assert job.state is JobState.QUEUED and calls == []
    assert runner.run_pending(worker="w") == 1
    assert runner.run_pending(worker="w") == 0
    assert calls == [{"n": 1, "attempt": 1}]
    stored = db.get(Job, job.id)
    assert stored.state is JobState.DONE and stored.progress == 1.0 and stored.attempts == 1
    assert stored.claimed_until is None and stored.finished_at is not None


def test_inline_mode_runs_before_enqueue_returns(app, db):
    app.config["JOBS_RUNNER"] = "inline"
    job = enqueue("test-record", {"n": 2})
    assert calls == [{"n": 2, "attempt": 1}] and db.get(Job, job.id).state is JobState.DONE


def test_progress_is_written_on_the_job_row_while_it_runs(app, db):
    seen = []

    @job_kind("test-progress")
    def _progress(payload: dict, *, attempt: int) -> None:
        report_progress("Étape 1", 0.4, force=True)
        with app.app_context():
            seen.append(db.execute(
                select(Job.stage, Job.progress).where(Job.id == payload["id"])).one())

    job = enqueue("test-progress", {})
    db.execute(Job.__table__.update().where(Job.id == job.id).values(payload={"id": job.id}))
    db.commit()
    runner.run_pending(worker="w")
    assert tuple(seen[0]) == ("Étape 1", 0.4)


def test_a_failing_job_is_retried_with_backoff_then_dead(app, db):
    app.config["JOB_RETRY_SECONDS"] = 30
    job = enqueue("test-record", {"fail_until": 99}, max_attempts=3)
    assert runner.run_pending(worker="w") == 1
    stored = db.get(Job, job.id)
    assert stored.state is JobState.FAILED and "panne à l'essai 1" in stored.last_error
    assert stored.run_after >= utcnow() + timedelta(seconds=25)
    assert runner.run_pending(worker="w") == 0  # not before its backoff
    assert runner.claim(worker="w", now=utcnow() + timedelta(seconds=31)) == job.id
    runner.run_claimed(job.id, worker="w")
    db.expire_all()
    stored = db.get(Job, job.id)
    assert stored.state is JobState.FAILED and stored.run_after >= utcnow() + timedelta(seconds=55)  # 30 × 2
    assert runner.claim(worker="w", now=utcnow() + timedelta(seconds=61)) == job.id
    runner.run_claimed(job.id, worker="w")
    db.expire_all()
    stored = db.get(Job, job.id)
    assert stored.state is JobState.DEAD and stored.attempts == 3 and "panne à l'essai 3" in stored.last_error
    assert runner.claim(worker="w", now=utcnow() + timedelta(days=1)) is None


def test_a_job_whose_claimer_died_is_taken_again_then_buried(app, db):
    lease = app.config["JOB_LEASE_SECONDS"]
    job = enqueue("test-record", {"n": 3}, max_attempts=2)
    assert runner.claim(worker="mort:1") == job.id  # and the process dies
    assert runner.claim(worker="vivant:2") is None  # its claim still runs
    assert runner.claim(worker="mort:3", now=utcnow() + timedelta(seconds=lease + 1)) == job.id  # dies too
    db.expire_all()
    assert db.get(Job, job.id).attempts == 2
    assert runner.claim(worker="vivant:2", now=utcnow() + timedelta(seconds=3 * lease)) is None
    db.expire_all()
    stored = db.get(Job, job.id)
    assert stored.state is JobState.DEAD and stored.last_error == runner.DIED and calls == []


def test_a_worker_that_lost_its_claim_does_not_overwrite_the_outcome(app, db):
    job = enqueue("test-record", {"n": 4})
    assert runner.claim(worker="lent:1") == job.id
    later = utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)
    assert runner.claim(worker="vif:2", now=later) == job.id
    assert runner.run_claimed(job.id, worker="lent:1") is None  # ran, but the job is no longer its own
    assert runner.run_claimed(job.id, worker="vif:2") is JobState.DONE


def test_one_live_job_per_key(app, db):
    first = enqueue("test-record", {"n": 5}, key="k")
    assert enqueue("test-record", {"n": 6}, key="k").id == first.id
    runner.run_pending(worker="w")
    assert enqueue("test-record", {"n": 7}, key="k").id != first.id  # the first is done: a new one
    assert db.scalar(select(func.count(Job.id))) == 2


def test_an_unknown_kind_is_refused_at_enqueue(app):
    with pytest.raises(LookupError):
        enqueue("n-existe-pas", {})


def test_the_heartbeat_renews_a_long_jobs_claim(app, db):
    app.config["JOB_LEASE_SECONDS"] = 1
    release = threading.Event()

    @job_kind("test-long")
    def _long(payload: dict, *, attempt: int) -> None:
        release.wait(2.5)

    job = enqueue("test-long", {})
    assert runner.claim(worker="w") == job.id
    worker = threading.Thread(target=lambda: _in_app(app, lambda: runner.run_claimed(job.id, worker="w")))
    worker.start()
    try:
        import time

        time.sleep(1.8)  # longer than the lease: only the heartbeat keeps the claim
        assert runner.claim(worker="autre") is None
    finally:
        release.set()
        worker.join(10)
    db.expire_all()
    assert db.get(Job, job.id).state is JobState.DONE and db.get(Job, job.id).attempts == 1


def _in_app(app, func):
    with app.app_context():
        return func()


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_four_workers_racing_over_forty_jobs_run_each_once_postgres(app, db):
    for i in range(40):
        enqueue("test-record", {"n": i})
    barrier = threading.Barrier(4)

    def work(name: str) -> None:
        with app.app_context():
            barrier.wait()
            runner.run_pending(worker=name)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(c["n"] for c in calls) == list(range(40))
    assert db.scalar(select(func.count(Job.id)).where(Job.state == JobState.DONE, Job.attempts == 1)) == 40


def test_the_jobs_command_shows_dead_jobs_with_their_error(app, db):
    from app.jobs.cli import jobs_command

    job = enqueue("test-record", {"fail_until": 9}, max_attempts=1)
    runner.run_pending(worker="w")
    assert db.get(Job, job.id).state is JobState.DEAD
    output = app.test_cli_runner().invoke(jobs_command).output
    assert "Abandonné : 1" in output and f"#{job.id} test-record — Abandonné" in output
    assert "panne à l'essai 1" in output


def test_finished_jobs_are_forgotten_after_the_keep_period_dead_ones_kept(app, db):
    from app.jobs.queue import forget_finished
    from app.scheduling.scheduler import JOBS

    done = enqueue("test-record", {"n": 8})
    dead = enqueue("test-record", {"fail_until": 9}, max_attempts=1)
    runner.run_pending(worker="w")
    assert forget_finished(days=7) == 0
    assert forget_finished(days=7, now=utcnow() + timedelta(days=8)) == 1
    assert [j.id for j in db.scalars(select(Job))] == [dead.id] and done.id != dead.id
    assert any(spec.id == "jobs-cleanup" for spec in JOBS)
