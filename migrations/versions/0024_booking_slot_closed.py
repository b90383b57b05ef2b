"""A Juri-PTCE booking cancelled because its lawyer closed the slot says so, with the reason:
``bookings.slot_closed``, ``bookings.closing_reason``

Revision ID: 0024_booking_slot_closed
Revises: 0023_edit_stamps
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_booking_slot_closed"
down_revision = "0023_edit_stamps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of a table on SQLite).
    op.add_column("bookings", sa.Column("slot_closed", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("bookings", sa.Column("closing_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("closing_reason")
        batch.drop_column("slot_closed")
