"""Avise's batch pairing runs: parameters, the frozen input snapshot, the result, the pairs kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import BatchRunStatus


class BatchRun(Base):
    __tablename__ = "batch_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[BatchRunStatus] = mapped_column(
        enum_type(BatchRunStatus, "batch_run_status"), default=BatchRunStatus.QUEUED, index=True
    )
    #: Human-readable stage ("Calcul des affinités", "Résolution exacte"...).
    stage: Mapped[str] = mapped_column(String(200), default="")
    #: 0.0 → 1.0.
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    #: Parameters chosen by the organiser (min_score, max_per_person_per_region...).
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Frozen input: need ids, person ids, capacities, forbidden pairs, affinity matrix, model name.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: Exact and greedy totals, needs covered, unmatched needs with reasons, timings.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    #: The run this one re-ran from its snapshot, if any.
    rerun_of_id: Mapped[int | None] = mapped_column(ForeignKey("batch_runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Last sign of life of the worker solving the run (a silent "running" run is reaped as failed).
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    pairs: Mapped[list[BatchRunPair]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="BatchRunPair.id"
    )

    def __repr__(self) -> str:
        return f"<BatchRun {self.id} {self.status.value} {self.progress:.0%}>"


class BatchRunPair(Base):
    """A pair found by a run; the organiser may remove it or swap its resource person before approval."""

    __tablename__ = "batch_run_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("batch_runs.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    resource_person_id: Mapped[int] = mapped_column(
        ForeignKey("resource_persons.id", ondelete="CASCADE")
    )
    score: Mapped[float] = mapped_column(Float)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: True when the organiser changed the resource person by hand.
    swapped: Mapped[bool] = mapped_column(Boolean, default=False)

    run: Mapped[BatchRun] = relationship(back_populates="pairs")

    def __repr__(self) -> str:
        return f"<BatchRunPair run={self.run_id} need={self.need_id} rp={self.resource_person_id}>"
