"""The one transaction rule of the site.

A service operation that writes is one unit of work: it commits when it returns and rolls back
when it raises (a :class:`app.refused.Refused` included), so nothing is ever half-written. Views,
CLI commands and scheduled jobs call services and never commit or roll back themselves.

Operations nest: an operation called inside another joins the outer unit, and only the
outermost one commits. Code that must turn a constraint race into a refusal without losing the
outer unit uses :func:`savepoint`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session, SessionTransaction

from app.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

_DEPTH = "entrepairs.unit_of_work_depth"


@contextmanager
def unit_of_work(session: Session | None = None) -> Iterator[Session]:
    """Run the block as one transaction of ``session`` (the request's by default)."""
    session = session if session is not None else db.session
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH] = depth


def transactional(operation: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service operation: it runs as (or inside) one unit of work."""

    @wraps(operation)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return operation(*args, **kwargs)

    return run


@contextmanager
def savepoint(session: Session | None = None) -> Iterator[SessionTransaction]:
    """A SAVEPOINT inside the current unit: an error inside rolls back only this block."""
    session = session if session is not None else db.session
    with session.begin_nested() as nested:
        yield nested
