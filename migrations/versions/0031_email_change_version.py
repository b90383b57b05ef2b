"""A version on the account bumped when a change of address is asked or made: an address-change link carries it,
so the links asked before the last one (or before a change) stop working

Revision ID: 0031_email_change_version
Revises: 0030_host_proposal_keys
Create Date: 2026-12-06 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031_email_change_version"
down_revision = "0030_host_proposal_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite); links mailed before carry no version and read as 0.
    op.add_column("users", sa.Column("email_change_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # In place too (SQLite 3.35+), as 0028.
    op.execute(sa.text("ALTER TABLE users DROP COLUMN email_change_version"))
