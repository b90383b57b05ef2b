"""Why one slot of a collective session was cancelled on its own (the rest of the session held)

Revision ID: 0032_slot_cancel_reason
Revises: 0031_email_change_version
Create Date: 2026-12-06 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032_slot_cancel_reason"
down_revision = "0031_email_change_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite: its participants would go with it).
    op.add_column("sessions", sa.Column("cancel_reason", sa.String(length=400), nullable=True))


def downgrade() -> None:
    op.execute(sa.text("ALTER TABLE sessions DROP COLUMN cancel_reason"))
