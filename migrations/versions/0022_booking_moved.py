"""A Juri-PTCE booking moved to another slot says so: ``bookings.moved``

A move cancels the booking and makes a new one, on the new slot, for the same question; without a
flag the old one read « Annulé » in « Mes rendez-vous ». Bookings moved before this revision are left
« Annulé »: they could be told apart (the old booking's cancellation and the new one's confirmation share
one instant, booker and question), but a migration that guesses would outlive the few demo rows concerned.

Revision ID: 0022_booking_moved
Revises: 0021_pairing_event_by_system
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_booking_moved"
down_revision = "0021_pairing_event_by_system"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of a table on SQLite).
    op.add_column("bookings", sa.Column("moved", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("moved")
