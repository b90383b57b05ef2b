"""A departure keeps history: transfers, slots and bookings lose the person, not the row

``pairings.resource_person_id``, ``legal_slots.lawyer_profile_id`` and ``bookings.booker_id`` become
nullable with ``ON DELETE SET NULL`` (they were ``NOT NULL … ON DELETE CASCADE``): deleting a resource
person's, a lawyer's or a facilitator's account no longer deletes the transfers, the past
consultations and the bookings that the poles, the facilitators' history and the bilan count.

On SQLite the three tables are copied (batch mode). Dropping the old copy of ``pairings`` or
``legal_slots`` would cascade to their children (pairing events, days, messages; bookings) while
foreign keys are enforced, so they are switched off for the copy; SQLite ignores that switch inside
a transaction already writing, hence the check below: it only matters when rows exist.

Revision ID: 0020_departures_keep_history
Revises: 0019_resource_person_validation
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

revision = "0020_departures_keep_history"
down_revision = "0019_resource_person_validation"
branch_labels = None
depends_on = None

PAIRINGS_OPEN = ("status IN ('suggested', 'requested', 'proposed', 'validated', 'accepted', 'planned', "
                 "'in_progress')")
BOOKINGS_CONFIRMED = "status = 'confirmed'"
BOOKINGS_OPEN = "status IN ('confirmed', 'offered', 'waitlisted')"

def _foreign_keys_off() -> bool:
    """SQLite: stop enforcing foreign keys for the copies; True if they were on (to switch back)."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return False
    was_on = bool(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
        # A transaction was already writing (an earlier migration of this run): the switch is ignored.
        # Copying a table then deletes its children, unless it has no rows (a new database).
        for table in ("pairings", "legal_slots"):
            if connection.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is not None:
                raise CommandError(f"migration {revision} : lancez-la seule (`entrepairs init-db` depuis la "
                                   "révision précédente), sinon SQLite effacerait les lignes liées à " + table)
    return was_on


def _foreign_keys_back(was_on: bool) -> None:
    if was_on:
        op.get_bind().exec_driver_sql("PRAGMA foreign_keys=ON")


def _switch(*, nullable: bool, ondelete: str) -> None:
    with op.batch_alter_table("pairings") as batch:
        batch.drop_index("uq_pairings_one_open_per_pair")
        batch.drop_constraint("fk_pairings_resource_person_id_resource_persons", type_="foreignkey")
        batch.alter_column("resource_person_id", existing_type=sa.Integer(), nullable=nullable)
        batch.create_foreign_key("fk_pairings_resource_person_id_resource_persons", "resource_persons",
                                 ["resource_person_id"], ["id"], ondelete=ondelete)
        batch.create_index("uq_pairings_one_open_per_pair", ["need_id", "resource_person_id"], unique=True,
                           sqlite_where=sa.text(PAIRINGS_OPEN), postgresql_where=sa.text(PAIRINGS_OPEN))
    with op.batch_alter_table("legal_slots") as batch:
        batch.drop_constraint("fk_legal_slots_lawyer_profile_id_lawyer_profiles", type_="foreignkey")
        batch.alter_column("lawyer_profile_id", existing_type=sa.Integer(), nullable=nullable)
        batch.create_foreign_key("fk_legal_slots_lawyer_profile_id_lawyer_profiles", "lawyer_profiles",
                                 ["lawyer_profile_id"], ["id"], ondelete=ondelete)
    with op.batch_alter_table("bookings") as batch:
        batch.drop_index("uq_bookings_one_confirmed_per_slot")
        batch.drop_index("uq_bookings_one_open_per_question")
        batch.drop_constraint("fk_bookings_booker_id_users", type_="foreignkey")
        batch.alter_column("booker_id", existing_type=sa.Integer(), nullable=nullable)
        batch.create_foreign_key("fk_bookings_booker_id_users", "users", ["booker_id"], ["id"], ondelete=ondelete)
        batch.create_index("uq_bookings_one_confirmed_per_slot", ["slot_id"], unique=True,
                           sqlite_where=sa.text(BOOKINGS_CONFIRMED), postgresql_where=sa.text(BOOKINGS_CONFIRMED))
        batch.create_index("uq_bookings_one_open_per_question", ["booker_id", "question_key"], unique=True,
                           sqlite_where=sa.text(BOOKINGS_OPEN), postgresql_where=sa.text(BOOKINGS_OPEN))


def upgrade() -> None:
    was_on = _foreign_keys_off()
    _switch(nullable=True, ondelete="SET NULL")
    _foreign_keys_back(was_on)


def _delete_orphans() -> None:
    """SQLite, foreign keys off: delete the rows left pointing nowhere, level by level (the cascade)."""
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    while orphans := connection.exec_driver_sql("PRAGMA foreign_key_check").all():
        for table, rowid, *_ in orphans:
            connection.exec_driver_sql(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))


def downgrade() -> None:
    # Rows whose person left have nobody to point at: they go, as the cascade did before.
    was_on = _foreign_keys_off()
    op.execute("DELETE FROM pairings WHERE resource_person_id IS NULL")
    op.execute("DELETE FROM bookings WHERE booker_id IS NULL")
    op.execute("DELETE FROM legal_slots WHERE lawyer_profile_id IS NULL")
    _delete_orphans()
    _switch(nullable=False, ondelete="CASCADE")
    _foreign_keys_back(was_on)
