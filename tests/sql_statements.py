"""Count the SQL statements a piece of work sends through the site's engine: a test that a page or a service reads
a table once, not once per row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db as flask_db


@contextmanager
def statements() -> Iterator[Counter]:
    """Each SQL statement sent meanwhile, with how many times."""
    sent: Counter = Counter()

    def record(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        sent[statement] += 1

    event.listen(flask_db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(flask_db.engine, "before_cursor_execute", record)
