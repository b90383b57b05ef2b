"""Needs get pairs_changed_at: the need page follows its pairings without touching updated_at

Revision ID: 0009_need_pairs_changed_at
Revises: 0008_profile_updated_at
Create Date: 2026-11-25 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_need_pairs_changed_at"
down_revision = "0008_profile_updated_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("needs") as batch:
        batch.add_column(sa.Column("pairs_changed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("needs") as batch:
        batch.drop_column("pairs_changed_at")
