"""Background jobs claimed by the scheduler processes, and their heartbeats

Revision ID: 0014_jobs
Revises: 0013_pairing_races
Create Date: 2026-12-04 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_jobs"
down_revision = "0013_pairing_races"
branch_labels = None
depends_on = None

LIVE = "state IN ('queued', 'running', 'failed')"


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("state", sa.Enum("queued", "running", "done", "failed", "dead", name="job_state",
                                   native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=200), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("run_after", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.create_index("uq_jobs_live_key", ["key"], unique=True,
                              sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))
        batch_op.create_index("ix_jobs_state_run_after", ["state", "run_after"], unique=False)
    op.create_table(
        "scheduler_heartbeats",
        sa.Column("worker", sa.String(length=100), nullable=False),
        sa.Column("is_leader", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("beat_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("worker", name=op.f("pk_scheduler_heartbeats")),
    )
    with op.batch_alter_table("scheduler_heartbeats") as batch_op:
        batch_op.create_index(batch_op.f("ix_scheduler_heartbeats_beat_at"), ["beat_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scheduler_heartbeats") as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheduler_heartbeats_beat_at"))
    op.drop_table("scheduler_heartbeats")
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_index("ix_jobs_state_run_after")
        batch_op.drop_index("uq_jobs_live_key", sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))
    op.drop_table("jobs")
