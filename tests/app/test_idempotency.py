"""An idempotency key that the site cannot have given (a NUL, longer than its column) made nothing, and is never
sent to the database: PostgreSQL refuses a NUL in any query's parameter, so a visit's form posted with
« idempotency_key=a\\x00b » answered 500 there, before the form's own checks (found by tests/app/hostile)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.idempotency import key_or_new, made_with
from models import LearningVisit


@pytest.mark.parametrize("key", ["a\x00b", "\x1b" * 10, "x" * 65, "", None])
def test_what_cannot_be_a_key_made_nothing_and_is_not_looked_up(app, db, key):
    sent: list[object] = []

    def record(_conn, _cursor, _statement, parameters, _context, _many) -> None:
        sent.append(parameters)

    event.listen(db.get_bind(), "before_cursor_execute", record)
    try:
        assert made_with(LearningVisit, key) is None
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", record)
    assert sent == []
    assert key_or_new(key) != key and len(key_or_new(key)) == 32


def test_a_real_key_is_kept_and_looked_up(app, db):
    assert key_or_new("  cle-de-formulaire  ") == "cle-de-formulaire"
    assert made_with(LearningVisit, "cle-de-formulaire") is None
