"""Pole claims become requests decided by the pole's facilitators or an organiser; poles get a
confirmation (existing poles are confirmed); bookings get a question key (one open booking per
person and question)

Revision ID: 0015_pole_claims
Revises: 0014_jobs
Create Date: 2026-12-04 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_pole_claims"
down_revision = "0014_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pole_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pole_id", sa.Integer(), nullable=False),
        sa.Column("claimant_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("state", sa.Enum("pending", "accepted", "refused", name="pole_claim_state", native_enum=False,
                                   create_constraint=True, length=32), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["claimant_id"], ["users.id"], name=op.f("fk_pole_claims_claimant_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name=op.f("fk_pole_claims_decided_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pole_id"], ["poles.id"], name=op.f("fk_pole_claims_pole_id_poles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pole_claims")),
    )
    with op.batch_alter_table("pole_claims") as batch:
        batch.create_index(batch.f("ix_pole_claims_pole_id"), ["pole_id"], unique=False)
        batch.create_index(batch.f("ix_pole_claims_claimant_id"), ["claimant_id"], unique=False)
        batch.create_index("uq_pole_claims_one_pending_per_claimant", ["claimant_id"], unique=True,
                           sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"))
    with op.batch_alter_table("poles") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("confirmed_by", sa.String(length=200), nullable=True))
    # Poles that exist today were listed: they stay so.
    op.execute("UPDATE poles SET confirmed_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("poles") as batch:
        batch.drop_column("confirmed_by")
        batch.drop_column("confirmed_at")
    op.drop_table("pole_claims")
