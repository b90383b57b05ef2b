"""Resource persons get an updated_at (the suggestion index refreshes on profile changes)

Revision ID: 0008_profile_updated_at
Revises: 0003_scheduling
Create Date: 2026-11-25 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_profile_updated_at"
down_revision = "0003_scheduling"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("resource_persons") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE resource_persons SET updated_at = created_at")
    with op.batch_alter_table("resource_persons") as batch:
        batch.alter_column("updated_at", existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("resource_persons") as batch:
        batch.drop_column("updated_at")
