"""The form's idempotency key on a need: the publishing form sent twice (a double click, Back then send again)
publishes the need once

Revision ID: 0032_need_keys
Revises: 0031_email_change_version
Create Date: 2026-12-06 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032_need_keys"
down_revision = "0031_email_change_version"
branch_labels = None
depends_on = None

TABLE = "needs"


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite), unique through an index (as 0030).
    op.add_column(TABLE, sa.Column("idempotency_key", sa.String(length=64), nullable=True))
    op.create_index(op.f(f"ix_{TABLE}_idempotency_key"), TABLE, ["idempotency_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_idempotency_key"), table_name=TABLE)
    # In place too (SQLite 3.35+), as 0030.
    op.execute(sa.text(f"ALTER TABLE {TABLE} DROP COLUMN idempotency_key"))
