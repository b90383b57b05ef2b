"""The form's idempotency key on an accompaniment: a CRA's form sent twice (a double click, Back then send again)
records the accompaniment once, and the CRA's figures count it once

Revision ID: 0037_accompaniment_key
Revises: 0036_departed_person
Create Date: 2026-12-07 07:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0037_accompaniment_key"
down_revision = "0036_departed_person"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite), unique through an index (as 0033).
    op.add_column("accompaniments", sa.Column("idempotency_key", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_accompaniments_idempotency_key"), "accompaniments", ["idempotency_key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_accompaniments_idempotency_key"), table_name="accompaniments")
    # In place too (SQLite 3.35+), as 0033.
    op.execute(sa.text("ALTER TABLE accompaniments DROP COLUMN idempotency_key"))
