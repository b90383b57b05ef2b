"""The form's idempotency key on a need and on an offer: a publishing form sent twice (a double click, Back then
send again) publishes once

Revision ID: 0033_need_and_offer_keys
Revises: 0032_slot_cancel_reason
Create Date: 2026-12-06 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033_need_and_offer_keys"
down_revision = "0032_slot_cancel_reason"
branch_labels = None
depends_on = None

TABLES = ("needs", "offers")


def upgrade() -> None:
    for table in TABLES:
        # Added in place (no batch copy of the table on SQLite), unique through an index (as 0030).
        op.add_column(table, sa.Column("idempotency_key", sa.String(length=64), nullable=True))
        op.create_index(op.f(f"ix_{table}_idempotency_key"), table, ["idempotency_key"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(op.f(f"ix_{table}_idempotency_key"), table_name=table)
        # In place too (SQLite 3.35+), as 0030.
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN idempotency_key"))
