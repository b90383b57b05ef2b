"""The bell counts the unread notices instead of keeping a counter on the account's row: ringing another account
no longer writes the row that bookings and deactivations lock first (a PostgreSQL deadlock, Juri-PTCE)

Nothing is lost: the counter was a copy of what ``notifications`` holds (its unread rows), which stay. Going back
down brings the column back, set from those rows.

Revision ID: 0042_bell_counts_notices
Revises: 0041_pole_region_moves
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0042_bell_counts_notices"
down_revision = "0041_pole_region_moves"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in batch mode: SQLite would copy ``users`` into a new table and drop the old one, and with foreign keys
    # on, the drop deletes every row that refers to an account (ON DELETE CASCADE). SQLite (3.35 and later) drops a
    # column in place, as PostgreSQL does.
    op.drop_column("users", "unread_notifications")


def downgrade() -> None:
    op.add_column("users", sa.Column("unread_notifications", sa.Integer(), server_default="0", nullable=False))
    op.execute("UPDATE users SET unread_notifications = (SELECT count(*) FROM notifications "
               "WHERE notifications.user_id = users.id AND notifications.read_at IS NULL)")
