"""Background jobs (app/jobs/) and the scheduler processes' heartbeats."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_type, partial_unique_index, utcnow
from models.enums import JobState

#: The states of a job that is still going somewhere (one such job per ``key`` at most).
LIVE_JOB_STATES_SQL = "state IN ('queued', 'running', 'failed')"


class Job(Base):
    """Long work (a batch run, visit themes, re-embedding) claimed by one scheduler process at a time."""

    __tablename__ = "jobs"
    __table_args__ = (
        #: One live job per key: enqueuing the same work twice (two clicks, two hosts) queues it once.
        partial_unique_index("uq_jobs_live_key", "key", where=LIVE_JOB_STATES_SQL),
        Index("ix_jobs_state_run_after", "state", "run_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The handler's name in app/jobs/kinds.py ("batch-run", "visit-themes", "reembed").
    kind: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Deduplication key ("batch-run:12"); None = never deduplicated.
    key: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[JobState] = mapped_column(enum_type(JobState, "job_state"), default=JobState.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    #: Human-readable stage and 0.0 → 1.0, written by the handler while it runs.
    stage: Mapped[str] = mapped_column(String(200), default="")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    #: "host:pid" of the process running it; its claim lasts until ``claimed_until`` (renewed by a heartbeat).
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Not claimed before this instant (the backoff after a failed attempt).
    run_after: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state.value} {self.attempts}/{self.max_attempts}>"


class SchedulerHeartbeat(Base):
    """One row per scheduler process: its last sign of life and whether it leads (``/sante`` reads it)."""

    __tablename__ = "scheduler_heartbeats"

    #: "host:pid".
    worker: Mapped[str] = mapped_column(String(100), primary_key=True)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SchedulerHeartbeat {self.worker} leader={self.is_leader} {self.beat_at:%H:%M:%S}>"
