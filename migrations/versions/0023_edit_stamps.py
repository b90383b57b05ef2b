"""Edit forms no longer lose an update silently: ``edit_stamps``

One row per thing saved through an edit form (``"pole:12"``): a save locks it, compares what the
person started from with what is stored, and counts itself with its author and time (app/edit_stamps.py).
Nothing to fill: a thing without a row was never saved through a form since.

Revision ID: 0023_edit_stamps
Revises: 0022_booking_moved
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023_edit_stamps"
down_revision = "0022_booking_moved"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edit_stamps",
        sa.Column("target", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.Column("edited_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["edited_by_id"], ["users.id"], name=op.f("fk_edit_stamps_edited_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("target", name=op.f("pk_edit_stamps")),
    )
    op.create_index(op.f("ix_edit_stamps_edited_by_id"), "edit_stamps", ["edited_by_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_edit_stamps_edited_by_id"), table_name="edit_stamps")
    op.drop_table("edit_stamps")
