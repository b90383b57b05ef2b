"""The organisers' message when they cancel a whole collective session, kept for its page: who follows a link to
the session later, or registered by the national day's page, reads why it was cancelled (a slot cancelled alone
already keeps its reason: ``sessions.cancel_reason``, 0032)

Revision ID: 0039_session_cancel_message
Revises: 0038_organisation_name_ci
Create Date: 2026-12-07 11:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0039_session_cancel_message"
down_revision = "0038_organisation_name_ci"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite), as 0032.
    op.add_column("collective_sessions", sa.Column("cancel_message", sa.String(length=400), nullable=True))


def downgrade() -> None:
    # In place too (SQLite 3.35+), as 0032.
    op.execute(sa.text("ALTER TABLE collective_sessions DROP COLUMN cancel_message"))
