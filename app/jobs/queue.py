"""Enqueue a job, find one, report a running job's progress.

A job is a row of ``jobs`` (``models.job.Job``). Where it runs depends on ``JOBS_RUNNER``:
``queue`` (a scheduler process claims it; the default on PostgreSQL), ``thread`` (a thread of this
process runs it at once; the default on SQLite, so ``make demo`` needs no scheduler) or
``inline`` (before ``enqueue`` returns: tests). The row exists in every mode, so progress, errors
and retries look the same everywhere.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.extensions import db
from models import Job, JobState, utcnow

LIVE_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.FAILED)
#: Progress is written at most this often (seconds) unless it moved by ``PROGRESS_STEP`` or ended.
PROGRESS_EVERY = 0.5
PROGRESS_STEP = 0.05


@dataclass
class RunningJob:
    """The job the current thread runs (set by the runner), for ``report_progress``."""

    id: int
    worker: str
    last_at: float = 0.0
    last_fraction: float = -1.0


current_job: ContextVar[RunningJob | None] = ContextVar("entrepairs_current_job", default=None)


def runner_mode() -> str:
    """``queue``, ``thread`` or ``inline`` (see ``JOBS_RUNNER``)."""
    mode = (current_app.config.get("JOBS_RUNNER") or "").strip().lower()
    if mode in {"queue", "thread", "inline"}:
        return mode
    return "queue" if db.engine.dialect.name == "postgresql" else "thread"


def live_job(key: str) -> Job | None:
    """The queued, running or retrying job with this key, if any."""
    return db.session.scalar(select(Job).where(Job.key == key, Job.state.in_(LIVE_STATES)))


def latest_job(key: str) -> Job | None:
    """The most recent job with this key, whatever its state."""
    return db.session.scalar(select(Job).where(Job.key == key).order_by(Job.id.desc()).limit(1))


def enqueue(kind: str, payload: dict[str, Any] | None = None, *, key: str | None = None,
            max_attempts: int | None = None) -> Job:
    """Queue ``kind`` with ``payload`` (JSON) and return the job (detached); the live job of ``key`` if any.

    The row is written in its own short transaction, on its own connection: a page that only reads
    may enqueue, and the job is visible to other processes at once (the caller commits what it wrote
    before). Two hosts (or two clicks) enqueuing the same key get the same job: the database keeps
    one live job per key (partial unique index). In the ``thread`` and ``inline`` modes the job then
    runs in this process.
    """
    from app.jobs.kinds import handler_for

    handler_for(kind)  # an unknown kind is a programming error: refuse it here, not in a scheduler
    for _ in range(3):
        with Session(db.engine, expire_on_commit=False) as session:
            existing = session.scalar(select(Job).where(Job.key == key, Job.state.in_(LIVE_STATES))) if key else None
            if existing is not None:
                return existing
            job = Job(kind=kind, payload=payload or {}, key=key, state=JobState.QUEUED, attempts=0,
                      max_attempts=max_attempts or current_app.config["JOB_MAX_ATTEMPTS"], stage="En attente",
                      progress=0.0, run_after=utcnow())
            session.add(job)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()  # the same key was enqueued meanwhile by another process: read it
                continue
        _dispatch(job.id)
        return job
    raise RuntimeError(f"Impossible de mettre en file la tâche {kind} ({key})")


def _dispatch(job_id: int) -> None:
    from app.jobs.runner import run_job, start_thread

    mode = runner_mode()
    if mode == "inline":
        run_job(job_id)
    elif mode == "thread":
        start_thread(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]


def report_progress(stage: str, fraction: float, *, force: bool = False) -> None:
    """Write the current job's stage and progress (0 → 1) in its own short transaction, and renew its claim.

    Outside a job (a test calling a handler directly) it does nothing. Writes are thinned out: at most
    every ``PROGRESS_EVERY`` seconds unless the fraction moved by ``PROGRESS_STEP`` or reached 1.
    """
    import time

    running = current_job.get()
    if running is None:
        return
    now_mono = time.monotonic()
    if not (force or fraction >= 1 or now_mono - running.last_at >= PROGRESS_EVERY
            or fraction - running.last_fraction >= PROGRESS_STEP):
        return
    running.last_at, running.last_fraction = now_mono, fraction
    now = utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    with db.engine.begin() as conn:
        conn.execute(update(Job).where(Job.id == running.id, Job.claimed_by == running.worker,
                                       Job.state == JobState.RUNNING)
                     .values(stage=stage[:200], progress=max(0.0, min(1.0, float(fraction))),
                             heartbeat_at=now, claimed_until=now + lease))



def forget_finished(*, days: int, now: datetime | None = None) -> int:
    """Delete jobs done more than ``days`` days ago (dead ones stay until someone looks); how many went."""
    limit = (now or utcnow()) - timedelta(days=days)
    with db.engine.begin() as conn:
        result = conn.execute(delete(Job).where(Job.state == JobState.DONE, Job.finished_at < limit))
    return result.rowcount or 0
