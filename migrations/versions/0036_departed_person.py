"""A registration to a collective session keeps, once its person deleted their account, a random token of that person

The review counts the distinct people who came to sessions; ``user_id`` is emptied when the account goes, and the
person fell out of « Personnes différentes » while their participations stayed. The token (random, the same on
every row of that person, linked to nothing else) keeps them one person.

Revision ID: 0036_departed_person
Revises: 0035_outbox_key_prefix_index
Create Date: 2026-12-07 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0036_departed_person"
down_revision = "0035_outbox_key_prefix_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("collective_registrations", sa.Column("departed_person", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("collective_registrations") as batch:
        batch.drop_column("departed_person")
