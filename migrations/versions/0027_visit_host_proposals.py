"""A pole proposes to host a learning visit: ``visit_host_proposals`` and their themes

Revision ID: 0027_visit_host_proposals
Revises: 0026_visit_withdrawn
Create Date: 2026-12-06 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027_visit_host_proposals"
down_revision = "0026_visit_withdrawn"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visit_host_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pole_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("what_to_see", sa.Text(), nullable=False),
        sa.Column("periods", sa.String(length=300), nullable=False),
        sa.Column("first_month", sa.Date(), nullable=True),
        sa.Column("last_month", sa.Date(), nullable=True),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("open", "converted", "declined", name="host_proposal_status",
                                    native_enum=False, create_constraint=True, length=32), nullable=False),
        sa.Column("decision_message", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("visitors BETWEEN 1 AND 200", name=op.f("ck_visit_host_proposals_visitors_range")),
        sa.CheckConstraint("last_month IS NULL OR first_month IS NOT NULL",
                           name=op.f("ck_visit_host_proposals_last_month_after_a_first")),
        sa.CheckConstraint("last_month IS NULL OR last_month >= first_month",
                           name=op.f("ck_visit_host_proposals_months_in_order")),
        sa.CheckConstraint("status <> 'open' OR decided_at IS NULL",
                           name=op.f("ck_visit_host_proposals_open_undecided")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_visit_host_proposals_author_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_visit_host_proposals_decided_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pole_id"], ["poles.id"], name=op.f("fk_visit_host_proposals_pole_id_poles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["learning_visits.id"],
                                name=op.f("fk_visit_host_proposals_visit_id_learning_visits"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_host_proposals")),
    )
    with op.batch_alter_table("visit_host_proposals") as batch:
        batch.create_index(batch.f("ix_visit_host_proposals_pole_id"), ["pole_id"], unique=False)
        batch.create_index(batch.f("ix_visit_host_proposals_status"), ["status"], unique=False)
    op.create_table(
        "visit_host_proposal_themes",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("theme_code", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["visit_host_proposals.id"],
                                name=op.f("fk_visit_host_proposal_themes_proposal_id_visit_host_proposals"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["theme_code"], ["themes.code"],
                                name=op.f("fk_visit_host_proposal_themes_theme_code_themes")),
        sa.PrimaryKeyConstraint("proposal_id", "theme_code", name=op.f("pk_visit_host_proposal_themes")),
    )


def downgrade() -> None:
    op.drop_table("visit_host_proposal_themes")
    with op.batch_alter_table("visit_host_proposals") as batch:
        batch.drop_index(batch.f("ix_visit_host_proposals_status"))
        batch.drop_index(batch.f("ix_visit_host_proposals_pole_id"))
    op.drop_table("visit_host_proposals")
