"""Who came to a learning visit: per registered pole, present or absent (``attended``, unknown until the
organiser notes it) and how many of its people came (``people_present``)

Before, a visit kept its registrations only: the yearly review counted the poles registered as if they had come.

Revision ID: 0029_visit_attendance
Revises: 0028_creation_keys
Create Date: 2026-12-07 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029_visit_attendance"
down_revision = "0028_creation_keys"
branch_labels = None
depends_on = None

COLUMNS = ("attended", "people_present")


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite).
    op.add_column("visit_registrations", sa.Column("attended", sa.Boolean(), nullable=True))
    op.add_column("visit_registrations", sa.Column("people_present", sa.Integer(), nullable=True))


def downgrade() -> None:
    for column in COLUMNS:
        # In place too (SQLite 3.35+): a batch copy is not needed to drop a plain column.
        op.execute(sa.text(f"ALTER TABLE visit_registrations DROP COLUMN {column}"))
