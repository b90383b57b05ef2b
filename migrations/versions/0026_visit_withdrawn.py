"""A pole that withdraws from a learning visit after registering says so: ``visit_registrations.status``
gains ``withdrawn``

Before, a withdrawal read « A décliné », like a pole that said no to the invitation. Registrations withdrawn
before this revision stay ``declined``: nothing recorded tells them apart (the status was the only trace).
Going back down turns ``withdrawn`` into ``declined``, the nearest answer the older schema knows.

``visit_registrations`` is copied on SQLite (batch mode, to change its CHECK constraint): no table refers to
it, so the copy cascades nothing away (``tests/models/test_migration_data.py``).

Revision ID: 0026_visit_withdrawn
Revises: 0025_lawyer_meeting_details
Create Date: 2026-12-06 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026_visit_withdrawn"
down_revision = "0025_lawyer_meeting_details"
branch_labels = None
depends_on = None

BEFORE = ("invited", "registered", "waitlisted", "declined")
AFTER = (*BEFORE, "withdrawn")


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(*values, name="visit_registration_status", native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table("visit_registrations") as batch:
        batch.alter_column("status", existing_type=_status(BEFORE), type_=_status(AFTER), existing_nullable=False)


def downgrade() -> None:
    op.execute("UPDATE visit_registrations SET status = 'declined' WHERE status = 'withdrawn'")
    with op.batch_alter_table("visit_registrations") as batch:
        batch.alter_column("status", existing_type=_status(AFTER), type_=_status(BEFORE), existing_nullable=False)
