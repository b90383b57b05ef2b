"""The forms' idempotency key on collective sessions and learning visits: the same form sent twice
(Back, then send again) publishes or creates once

Revision ID: 0028_creation_keys
Revises: 0027_visit_host_proposals
Create Date: 2026-12-06 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028_creation_keys"
down_revision = "0027_visit_host_proposals"
branch_labels = None
depends_on = None

TABLES = ("collective_sessions", "learning_visits")


def upgrade() -> None:
    # Added in place (no batch copy of a table on SQLite), unique through an index.
    for table in TABLES:
        op.add_column(table, sa.Column("idempotency_key", sa.String(length=64), nullable=True))
        op.create_index(op.f(f"ix_{table}_idempotency_key"), table, ["idempotency_key"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(op.f(f"ix_{table}_idempotency_key"), table_name=table)
        # In place too (SQLite 3.35+): a batch copy of learning_visits would empty the tables pointing at it.
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN idempotency_key"))
