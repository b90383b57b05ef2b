"""Pairings: one open transfer per (need, resource person), and the forms' idempotency key

Duplicate open pairings left by earlier races are cancelled (the oldest one stays) before the
partial unique index is created.

Revision ID: 0013_pairing_races
Revises: 0012_objectives_experiences
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_pairing_races"
down_revision = "0012_objectives_experiences"
branch_labels = None
depends_on = None

OPEN = "status IN ('suggested', 'requested', 'proposed', 'validated', 'accepted', 'planned', 'in_progress')"


def upgrade() -> None:
    op.execute(sa.text(
        "UPDATE pairings SET status = 'cancelled', "
        "decision_note = 'Doublon d''un transfert déjà ouvert pour ce besoin et cette personne ressource.' "
        f"WHERE {OPEN} AND EXISTS (SELECT 1 FROM pairings AS older WHERE older.need_id = pairings.need_id "
        "AND older.resource_person_id = pairings.resource_person_id AND older.id < pairings.id "
        f"AND older.{OPEN})"))
    with op.batch_alter_table("pairings") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(batch.f("uq_pairings_idempotency_key"), ["idempotency_key"])
        batch.create_index("uq_pairings_one_open_per_pair", ["need_id", "resource_person_id"], unique=True,
                           sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    with op.batch_alter_table("pairings") as batch:
        batch.drop_index("uq_pairings_one_open_per_pair", sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch.drop_constraint(batch.f("uq_pairings_idempotency_key"), type_="unique")
        batch.drop_column("idempotency_key")
