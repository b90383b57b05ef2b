"""The form's idempotency key on a pole's proposal to host a learning visit: the same form sent twice (a double
click, Back then send again) proposes once, and the organisers are told once

Revision ID: 0030_host_proposal_keys
Revises: 0029_visit_attendance
Create Date: 2026-12-06 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030_host_proposal_keys"
down_revision = "0029_visit_attendance"
branch_labels = None
depends_on = None

TABLE = "visit_host_proposals"


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite), unique through an index (as 0028).
    op.add_column(TABLE, sa.Column("idempotency_key", sa.String(length=64), nullable=True))
    op.create_index(op.f(f"ix_{TABLE}_idempotency_key"), TABLE, ["idempotency_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_idempotency_key"), table_name=TABLE)
    # In place too (SQLite 3.35+), as 0028.
    op.execute(sa.text(f"ALTER TABLE {TABLE} DROP COLUMN idempotency_key"))
