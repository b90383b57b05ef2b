"""A registration to a collective session cancelled by the team that runs it, not by the person

Revision ID: 0034_cancelled_by_organiser
Revises: 0033_need_and_offer_keys
Create Date: 2026-12-06 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0034_cancelled_by_organiser"
down_revision = "0033_need_and_offer_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite).
    op.add_column("collective_registrations", sa.Column("cancelled_by_organiser", sa.Boolean(), nullable=False,
                                                        server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("collective_registrations") as batch:
        batch.drop_column("cancelled_by_organiser")
