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


def page_statements(client, db, path: str) -> tuple[int, str]:
    """How many statements ``path`` sends, and its HTML: read once to warm the site's caches (suggestion indexes,
    kept fragments), then again from what the database holds (``db.expire_all``: not what the test's session
    remembers)."""
    client.get(path)
    db.expire_all()
    with statements() as sent:
        page = client.get(path).get_data(as_text=True)
    return sum(sent.values()), page


@contextmanager
def rows_loaded(db, model: type) -> Iterator[list[int]]:
    """The ids of the ``model`` rows read from the database meanwhile (SQLAlchemy's ``load`` event), the session
    emptied first so that every row the work uses is read anew: a page or service reads whole only what it shows."""
    read: list[int] = []

    def count(target, _context) -> None:
        read.append(target.id)

    db.expunge_all()
    event.listen(model, "load", count)
    try:
        yield read
    finally:
        event.remove(model, "load", count)
