"""Resource persons wait for an organiser's validation before they are listed or suggested

Persons already on the site are validated (they were listed before the rule existed).

Revision ID: 0019_resource_person_validation
Revises: 0018_pole_eligibility
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_resource_person_validation"
down_revision = "0018_pole_eligibility"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Columns are added in place, never through a batch copy of ``resource_persons``: on SQLite the
    # copy drops the old table, whose implicit DELETE would cascade to offers and pairings.
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("ALTER TABLE resource_persons ADD COLUMN validation_status VARCHAR(32) DEFAULT 'validated' NOT NULL "
               "CONSTRAINT ck_resource_persons_rp_validation_status "
               "CHECK (validation_status IN ('pending', 'validated', 'refused'))")
    op.add_column("resource_persons", sa.Column("refusal_reason", sa.Text(), nullable=False, server_default=""))
    op.add_column("resource_persons", sa.Column("validated_at", sa.DateTime(), nullable=True))
    op.create_index("ix_resource_persons_validation_status", "resource_persons", ["validation_status"])
    # Persons already on the site were listed before the rule: they are validated.
    op.execute("UPDATE resource_persons SET validated_at = CURRENT_TIMESTAMP")
    if not sqlite:
        # The defaults served the existing rows only: the application writes both columns. (SQLite
        # keeps them: changing a default there means copying the table.)
        op.alter_column("resource_persons", "validation_status", server_default=None)
        op.alter_column("resource_persons", "refusal_reason", server_default=None)


def downgrade() -> None:
    op.drop_index("ix_resource_persons_validation_status", table_name="resource_persons")
    for column in ("validated_at", "refusal_reason", "validation_status"):
        op.execute(f"ALTER TABLE resource_persons DROP COLUMN {column}")
