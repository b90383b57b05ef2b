"""An organisation's name is unique whatever its case: « Avise » and « avise » created at the same instant both passed
the service's check (case-insensitive, but without a lock) and both were written, the name's key being case-sensitive

Revision ID: 0038_organisation_name_ci
Revises: 0037_accompaniment_key
Create Date: 2026-12-07 11:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision = "0038_organisation_name_ci"
down_revision = "0037_accompaniment_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    duplicates = op.get_bind().execute(sa.text(
        "SELECT lower(name) FROM organisations GROUP BY lower(name) HAVING count(*) > 1 ORDER BY 1")).scalars().all()
    if duplicates:
        raise CommandError("des organisations portent le même nom à la casse près (" + ", ".join(duplicates)
                           + ") : renommez ou fusionnez-les avant cette mise à jour (la migration 0038 rend ce nom "
                           "unique, majuscules ou non).")
    if op.get_bind().dialect.name == "postgresql":  # as models.organisation says: none on SQLite
        op.create_index("uq_organisations_name_ci", "organisations", [sa.text("lower(name)")], unique=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("uq_organisations_name_ci", table_name="organisations")
