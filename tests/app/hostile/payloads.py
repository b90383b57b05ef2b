"""Hostile values, and what the database would make of them: a write that a refused form committed, a value that
SQLite stores but PostgreSQL refuses with an error (a text longer than its column, a NUL, a lone surrogate, an
integer out of its column's range), so that the SQLite run finds what would be a 500 in production."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, Engine, Integer, SmallInteger, String, event
from sqlalchemy.orm import Session

#: Every value is tried in every field at once (one request each), a list of them as repeated fields too.
EVERYWHERE: list[str | list[str]] = [
    "", "   ", "\u00a0\u2003\u200b", "x" * 10_000, "a\x00b", "\x1b[31m\x07\x08", "\u202eenilno",
    "\u200b\u200c\u200d\ufeff", "🌍🤝🏽👩‍👩‍👧", "\\ud800 \\udfff", "<script>alert(1)</script><b>gras</b>",
    "' OR 1=1 --", "99999999999999999999999", "-1", "nan", "1e309", "1,5", "0001-01-01", "9999-12-31",
    "2026-02-30", "demain", "25:61", str(2**63), "0", ["1", "2", "abc"], ["", "\x00"],
]
#: A field at a time, the others left as the page filled them: by the field's kind.
BY_KIND: dict[str, list[str]] = {
    "text": ["x" * 10_000, "\u202e<script>"],
    "textarea": ["é" * 10_000, "🤝" * 3000],
    "number": ["-1", "1,5"],
    "date": ["0001-01-01", "2026-02-30"],
    "time": ["25:61", "23:59:60"],
    "datetime-local": ["0001-01-01T00:00", "2026-02-30T25:61"],
    "select": ["-1", str(2**63)],
    "checkbox": ["-1", "zz"],
    "radio": [str(2**63), "zz"],
    "hidden": ["999999", str(2**63)],
    "email": ["x" * 300 + "@exemple.fr", "é@\x00.fr"],
    "url": ["javascript:alert(1)", "http://" + "x" * 3000],
}
#: Ids another object of the world holds, to put in a field naming an object (``*_id``, ``pole``, ``hote``…).
ID_LIKE = re.compile(r"(^|_)(id|ids|pole|hote|proposition|person|lawyer|slot|need|visit|user|peer)s?$")

#: Tables a refused request may write: the login attempts a refused sign-in counts (``app.ratelimit``); the
#: suggestions' cache of text vectors, filled when a page computes its suggestions (``app.suggestions``).
MAY_WRITE_WHEN_REFUSED = {"login_attempts", "embedding_vectors"}

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
_RANGES = {SmallInteger: 2**15, BigInteger: 2**63, Integer: 2**31}


@dataclass
class Watch:
    """What the requests of one hostile round wrote and committed, and the values PostgreSQL would refuse."""

    committed: list[str] = field(default_factory=list)
    pending: dict[int, list[str]] = field(default_factory=dict)
    unsafe: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.committed.clear()
        self.unsafe.clear()


def _unsafe_value(column, value) -> str | None:
    """Why PostgreSQL would refuse ``value`` for ``column`` (None: it would not)."""
    if isinstance(value, str):
        if "\x00" in value:
            return "NUL"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "lone surrogate"
        length = getattr(getattr(column, "type", None), "length", None)
        if column is not None and isinstance(column.type, String) and length and len(value) > length:
            return f"{len(value)} characters for {length}"
    elif isinstance(value, int) and not isinstance(value, bool):
        for kind, bound in _RANGES.items():
            if isinstance(column.type, kind) and not -bound <= value < bound:
                return f"{value} out of {kind.__name__}"
    elif isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a number"
    return None


def _scalars(parameters) -> Iterator[object]:
    """The text values of a statement's parameters (a dict, a tuple, or a list of them for many rows)."""
    if isinstance(parameters, dict):
        parameters = list(parameters.values())
    if isinstance(parameters, list | tuple):
        for value in parameters:
            yield from _scalars(value)
    elif isinstance(parameters, str):
        yield parameters


@contextmanager
def watching(engine: Engine) -> Iterator[Watch]:
    """Record, on ``engine``, the tables each committed transaction wrote; the query parameters and, on every flush,
    the values of new or changed rows that PostgreSQL would refuse."""
    watch = Watch()

    thread = threading.get_ident()  # the test client's requests run in the test's thread; a job's thread is not watched

    def sending(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if threading.get_ident() == thread and any(_unsafe_value(None, v) for v in _scalars(parameters)):
            watch.unsafe.append(f"a parameter PostgreSQL refuses (NUL or lone surrogate) in {statement[:60]!r}")

    def executed(conn, _cursor, statement, _params, _context, _many) -> None:
        match = _WRITE.match(statement)
        if match and threading.get_ident() == thread:
            watch.pending.setdefault(id(conn), []).append(match.group(1).lower())

    def committed(conn) -> None:
        watch.committed.extend(watch.pending.pop(id(conn), []))

    def rolled_back(conn) -> None:
        watch.pending.pop(id(conn), None)

    def flushing(session: Session, _context, _instances) -> None:
        if threading.get_ident() != thread:
            return
        for obj in (*session.new, *session.dirty):
            mapper = getattr(obj, "__mapper__", None)
            for attr in mapper.column_attrs if mapper else ():
                for column in attr.columns:
                    why = _unsafe_value(column, getattr(obj, attr.key, None))
                    if why:
                        watch.unsafe.append(f"{mapper.class_.__name__}.{attr.key}: {why}")

    hooks = [(engine, "before_cursor_execute", sending), (engine, "after_cursor_execute", executed),
             (engine, "commit", committed), (engine, "rollback", rolled_back), (Session, "before_flush", flushing)]
    for target, name, fn in hooks:
        event.listen(target, name, fn)
    try:
        yield watch
    finally:
        for target, name, fn in hooks:
            event.remove(target, name, fn)
