"""Claim and run jobs: one at a time per worker, each claimed by one process only.

A claim is an atomic conditional UPDATE (on PostgreSQL the candidate is first selected with
``FOR UPDATE SKIP LOCKED``, so concurrent workers never wait on each other). The claim lasts
``JOB_LEASE_SECONDS`` and a heartbeat thread renews it while the handler runs. The rules:

- a handler that raises leaves the job ``failed``, retried after ``JOB_RETRY_SECONDS × 2^(n−1)``;
- a job whose process died (its claim expired while ``running``) is taken again, which counts as
  an attempt;
- after ``max_attempts`` attempts the job is ``dead``: kept with its last error, never retried.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import and_, or_, select, update

from app.extensions import db
from app.jobs.queue import RunningJob, current_job
from models import Job, JobState, utcnow

log = logging.getLogger(__name__)

DIED = "Le processus qui exécutait cette tâche s'est arrêté avant la fin."


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _claimable(now: datetime):  # noqa: ANN202 - a SQL condition
    return or_(
        and_(Job.state.in_([JobState.QUEUED, JobState.FAILED]), Job.run_after <= now),
        and_(Job.state == JobState.RUNNING, Job.claimed_until < now),
    )


def bury_abandoned(*, now: datetime | None = None) -> int:
    """The dead-job rule for crashes: a job whose claim expired after its last allowed attempt is dead."""
    now = now or utcnow()
    with db.engine.begin() as conn:
        result = conn.execute(
            update(Job).where(Job.state == JobState.RUNNING, Job.claimed_until < now,
                              Job.attempts >= Job.max_attempts)
            .values(state=JobState.DEAD, finished_at=now, claimed_by=None, claimed_until=None,
                    last_error=DIED))
    return result.rowcount or 0


def claim(*, worker: str, job_id: int | None = None, now: datetime | None = None) -> int | None:
    """Claim the next claimable job (or job ``job_id``) for ``worker``; its id, or None."""
    now = now or utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    bury_abandoned(now=now)
    for _ in range(5):
        with db.engine.begin() as conn:
            query = select(Job.id).where(_claimable(now))
            if job_id is not None:
                query = query.where(Job.id == job_id)
            query = query.order_by(Job.run_after, Job.id).limit(1)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            candidate = conn.scalar(query)
            if candidate is None:
                return None
            result = conn.execute(
                update(Job).where(Job.id == candidate, _claimable(now))
                .values(state=JobState.RUNNING, claimed_by=worker, claimed_until=now + lease, heartbeat_at=now,
                        attempts=Job.attempts + 1, started_at=now, finished_at=None))
            if result.rowcount == 1:
                return candidate
    return None


class _Heartbeat:
    """Renews a running job's claim every third of the lease, in its own thread."""

    def __init__(self, app: Flask, job_id: int, worker: str) -> None:
        self.app, self.job_id, self.worker = app, job_id, worker
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        lease = self.app.config["JOB_LEASE_SECONDS"]
        while not self.stop.wait(max(lease / 3, 0.2)):
            try:
                with self.app.app_context():
                    now = utcnow()
                    with db.engine.begin() as conn:
                        conn.execute(update(Job).where(Job.id == self.job_id, Job.claimed_by == self.worker,
                                                       Job.state == JobState.RUNNING)
                                     .values(heartbeat_at=now, claimed_until=now + timedelta(seconds=lease)))
            except Exception:
                log.warning("Battement de la tâche %s impossible", self.job_id, exc_info=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def _finish(job_id: int, worker: str, *, error: BaseException | None) -> JobState | None:
    """Record the outcome, only if ``worker`` still holds the claim (else someone took the job over)."""
    now = utcnow()
    with db.engine.begin() as conn:
        job = conn.execute(select(Job.attempts, Job.max_attempts).where(
            Job.id == job_id, Job.claimed_by == worker, Job.state == JobState.RUNNING)).first()
        if job is None:
            return None
        if error is None:
            values = {"state": JobState.DONE, "stage": "Terminé", "progress": 1.0, "last_error": None}
        else:
            text = "".join(traceback.format_exception_only(type(error), error)).strip()[:2000]
            if job.attempts >= job.max_attempts:
                values = {"state": JobState.DEAD, "last_error": text}
            else:
                delay = current_app.config["JOB_RETRY_SECONDS"] * 2 ** (job.attempts - 1)
                values = {"state": JobState.FAILED, "last_error": text, "run_after": now + timedelta(seconds=delay)}
        conn.execute(update(Job).where(Job.id == job_id, Job.claimed_by == worker)
                     .values(finished_at=now, claimed_until=None, heartbeat_at=now, **values))
        return values["state"]


def run_claimed(job_id: int, *, worker: str) -> JobState | None:
    """Run a job this worker has claimed, in the current app context; its new state."""
    from app.jobs.kinds import handler_for

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    row = db.session.execute(select(Job.kind, Job.payload, Job.attempts).where(Job.id == job_id)).one()
    db.session.commit()
    token = current_job.set(RunningJob(id=job_id, worker=worker))
    error: BaseException | None = None
    try:
        with _Heartbeat(app, job_id, worker):
            handler_for(row.kind)(dict(row.payload or {}), attempt=row.attempts)
        db.session.commit()
    except Exception as exc:
        log.exception("Échec de la tâche %s (%s)", job_id, row.kind)
        db.session.rollback()
        error = exc
    finally:
        current_job.reset(token)
    return _finish(job_id, worker, error=error)


def run_job(job_id: int, *, worker: str | None = None) -> JobState | None:
    """Claim job ``job_id`` and run it here (inline and thread modes); None if someone else has it."""
    worker = worker or worker_name()
    if claim(worker=worker, job_id=job_id) is None:
        return None
    return run_claimed(job_id, worker=worker)


def run_next(*, worker: str | None = None) -> int | None:
    """Claim and run the next claimable job; its id, or None when there was none."""
    worker = worker or worker_name()
    job_id = claim(worker=worker)
    if job_id is not None:
        run_claimed(job_id, worker=worker)
    return job_id


def run_pending(*, worker: str | None = None, limit: int = 1000) -> int:
    """Run claimable jobs until none is left (or ``limit``); how many ran."""
    done = 0
    while done < limit and run_next(worker=worker) is not None:
        done += 1
    return done


def _thread_main(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            run_job(job_id)
        except Exception:
            log.exception("Tâche %s : exécution impossible", job_id)


_threads: dict[int, threading.Thread] = {}


def start_thread(app: Flask, job_id: int) -> threading.Thread:
    """The development runner: the job runs now, in a daemon thread of this process."""
    thread = threading.Thread(target=_thread_main, args=(app, job_id), name=f"job-{job_id}", daemon=True)
    _threads[job_id] = thread
    thread.start()
    return thread


def join_thread(job_id: int, timeout: float | None = None) -> None:
    """Wait for the thread running job ``job_id`` in this process, if there is one (tests, shutdown)."""
    thread = _threads.pop(job_id, None)
    if thread is not None:
        thread.join(timeout)


class JobWorker:
    """The loop every scheduler process runs beside its periodic tasks: claim, run, repeat; idle: wait."""

    def __init__(self, app: Flask, *, worker: str | None = None) -> None:
        self.app = app
        self.worker = worker or worker_name()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="job-worker", daemon=True)

    def loop(self) -> None:
        poll = float(self.app.config["JOBS_POLL_SECONDS"])
        while not self.stopping.is_set():
            ran = None
            try:
                with self.app.app_context():
                    ran = run_next(worker=self.worker)
            except Exception:
                log.exception("Boucle des tâches : erreur")
            if ran is None:
                self.stopping.wait(poll)

    def start(self) -> JobWorker:
        self.thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout)
