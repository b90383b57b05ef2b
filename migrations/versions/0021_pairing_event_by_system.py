"""A transfer's history tells a step the platform took from a step by a person who has since left

``pairing_events.actor_id`` becomes NULL when the person deletes their account (SET NULL): without
a flag the history read « Entrepairs (automatique) » for them. Existing rows without an actor were
written by the system (expiry) — before 0020 a departed resource person's transfers were deleted.

Revision ID: 0021_pairing_event_by_system
Revises: 0020_departures_keep_history
Create Date: 2026-12-04 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_pairing_event_by_system"
down_revision = "0020_departures_keep_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of a table other tables cascade from on SQLite).
    op.add_column("pairing_events", sa.Column("by_system", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE pairing_events SET by_system = (actor_id IS NULL)")


def downgrade() -> None:
    with op.batch_alter_table("pairing_events") as batch:
        batch.drop_column("by_system")
