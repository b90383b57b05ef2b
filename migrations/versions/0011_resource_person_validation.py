"""Resource persons wait for an organiser's validation before they are listed or suggested

Persons already on the site are validated (they were listed before the rule existed).

Revision ID: 0011_resource_person_validation
Revises: 0010_pole_eligibility
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_resource_person_validation"
down_revision = "0010_pole_eligibility"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("resource_persons") as batch:
        batch.add_column(sa.Column(
            "validation_status",
            sa.Enum("pending", "validated", "refused", name="rp_validation_status", native_enum=False,
                    create_constraint=True, length=32),
            nullable=False, server_default="validated"))
        batch.add_column(sa.Column("refusal_reason", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("validated_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("validated_at", sa.DateTime(), nullable=True))
        batch.create_index(batch.f("ix_resource_persons_validation_status"), ["validation_status"], unique=False)
        batch.create_foreign_key(batch.f("fk_resource_persons_validated_by_id_users"), "users",
                                 ["validated_by_id"], ["id"], ondelete="SET NULL")
    op.execute("UPDATE resource_persons SET validated_at = CURRENT_TIMESTAMP")
    # The defaults served the existing rows only: the application writes both columns.
    with op.batch_alter_table("resource_persons") as batch:
        batch.alter_column("validation_status", server_default=None)
        batch.alter_column("refusal_reason", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("resource_persons") as batch:
        batch.drop_constraint(batch.f("fk_resource_persons_validated_by_id_users"), type_="foreignkey")
        batch.drop_index(batch.f("ix_resource_persons_validation_status"))
        batch.drop_column("validated_at")
        batch.drop_column("validated_by_id")
        batch.drop_column("refusal_reason")
        batch.drop_constraint("rp_validation_status", type_="check")
        batch.drop_column("validation_status")
