"""One dialect-aware row lock, for every rule that counts then writes (seats, capacities).

PostgreSQL takes ``SELECT … FOR UPDATE`` on the row; SQLite has no row locks, so a write on the
row takes the database's write lock, which serialises writers just as well for the rest of the
transaction. Either way the row is read fresh (``populate_existing``).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select, update

from app.extensions import db

M = TypeVar("M")


def lock_row(model: type[M], row_id: int) -> M | None:
    """Lock ``model``'s row ``row_id`` until the end of the transaction and return it (None if absent)."""
    table: Any = model
    if db.engine.dialect.name != "postgresql":
        db.session.execute(update(table).where(table.id == row_id).values(id=table.id))
        statement = select(table).where(table.id == row_id)
    else:
        statement = select(table).where(table.id == row_id).with_for_update()
    return db.session.scalars(statement.execution_options(populate_existing=True)).one_or_none()
