"""A pole's changes of region (``pole_region_moves``): the yearly review counts what happened where it happened,
a pole that moved since counted under the region it was in at the time

Revision ID: 0041_pole_region_moves
Revises: 0040_mail_unsubscribe
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0041_pole_region_moves"
down_revision = "0040_mail_unsubscribe"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pole_region_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pole_id", sa.Integer(), nullable=False),
        sa.Column("from_region_code", sa.String(length=3), nullable=False),
        sa.Column("to_region_code", sa.String(length=3), nullable=False),
        sa.Column("moved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["pole_id"], ["poles.id"], name=op.f("fk_pole_region_moves_pole_id_poles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_region_code"], ["regions.code"],
                                name=op.f("fk_pole_region_moves_from_region_code_regions")),
        sa.ForeignKeyConstraint(["to_region_code"], ["regions.code"],
                                name=op.f("fk_pole_region_moves_to_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pole_region_moves")),
    )
    op.create_index("ix_pole_region_moves_pole_moved", "pole_region_moves", ["pole_id", "moved_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_pole_region_moves_pole_moved", table_name="pole_region_moves")
    op.drop_table("pole_region_moves")
