"""An index for the outbox's read of an object's keys by their prefix, on PostgreSQL

The unique index on ``outbox_messages.key`` follows the database's collation: unless it is C, PostgreSQL cannot use
it for ``key LIKE 'agenda:7:%'`` and read the whole table (which keeps every message) from the third mail of a
transaction on. An index with ``varchar_pattern_ops`` serves the prefix. SQLite: nothing (no operator classes).

Revision ID: 0035_outbox_key_prefix_index
Revises: 0034_cancelled_by_organiser
Create Date: 2026-12-07 00:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0035_outbox_key_prefix_index"
down_revision = "0034_cancelled_by_organiser"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_outbox_messages_key_prefix", "outbox_messages", ["key"],
                        postgresql_ops={"key": "varchar_pattern_ops"})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_outbox_messages_key_prefix", table_name="outbox_messages")
