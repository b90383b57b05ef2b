"""Accompaniments: what a regional cell (CRA) did with a pole (diagnostic, follow-up, referral)

Revision ID: 0017_accompaniments
Revises: 0016_one_booking_per_question
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_accompaniments"
down_revision = "0016_one_booking_per_question"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accompaniments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pole_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Enum("diagnostic", "suivi", "reorientation", name="accompaniment_kind",
                                  native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column("referral_target", sa.Enum("dla", "france_active", "cress", "other", name="referral_target",
                                             native_enum=False, create_constraint=True, length=32), nullable=True),
        sa.Column("referral_other", sa.String(length=200), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_step", sa.String(length=300), nullable=False),
        sa.Column("next_step_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(kind = 'reorientation') = (referral_target IS NOT NULL)",
                           name=op.f("ck_accompaniments_referral_target_iff_referral")),
        sa.CheckConstraint("next_step_on IS NULL OR next_step <> ''",
                           name=op.f("ck_accompaniments_next_step_dated_only_if_said")),
        sa.CheckConstraint("referral_target IS NULL OR referral_target <> 'other' OR referral_other IS NOT NULL",
                           name=op.f("ck_accompaniments_other_referral_named")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_accompaniments_author_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pole_id"], ["poles.id"], name=op.f("fk_accompaniments_pole_id_poles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accompaniments")),
    )
    with op.batch_alter_table("accompaniments") as batch:
        batch.create_index(batch.f("ix_accompaniments_pole_id"), ["pole_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("accompaniments") as batch:
        batch.drop_index(batch.f("ix_accompaniments_pole_id"))
    op.drop_table("accompaniments")
