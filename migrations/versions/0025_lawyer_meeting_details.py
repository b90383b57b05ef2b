"""A Juri-PTCE lawyer says how their appointments take place (video link, phone, address):
``lawyer_profiles.meeting_details``

Revision ID: 0025_lawyer_meeting_details
Revises: 0024_booking_slot_closed
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_lawyer_meeting_details"
down_revision = "0024_booking_slot_closed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of a table on SQLite).
    op.add_column("lawyer_profiles", sa.Column("meeting_details", sa.String(300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lawyer_profiles") as batch:
        batch.drop_column("meeting_details")
