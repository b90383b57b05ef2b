"""Engine and session factory, independent of Flask."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

#: A pooled connection given back less than this long ago is lent again without a ping.
DEFAULT_PING_AFTER_IDLE_SECONDS = 10.0

#: ``Session.info`` key of a session that only reads (see ``begin_read_only``).
READ_ONLY = "entrepairs.read_only"


class ReadOnlySessionError(RuntimeError):
    """A write was attempted in a session opened for reading only."""


_REFUSED = "écriture refusée : cette requête ne fait que lire"


def make_engine(url: str, *, ping_after_idle_seconds: float = DEFAULT_PING_AFTER_IDLE_SECONDS,
                **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys on and a shared in-memory pool."""
    if url.startswith("sqlite"):
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("check_same_thread", False)
        connect_args.setdefault("timeout", 30)
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs.setdefault("poolclass", StaticPool)
        engine = create_engine(url, connect_args=connect_args, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "checkin")
        def _foreign_keys_back_on(dbapi_connection: Any, _record: Any) -> None:
            # A migration may switch them off for a table copy (SQLite ignores switching back inside
            # its transaction): the transaction is over here, so no pooled connection lends them off.
            if dbapi_connection is not None:
                dbapi_connection.execute("PRAGMA foreign_keys=ON")

        return engine
    engine = create_engine(url, **kwargs)
    ping_idle_connections(engine, ping_after_idle_seconds)
    return engine


def ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection before lending it, when it has sat idle for ``idle_seconds``.

    ``pool_pre_ping`` pings on every checkout: one more round trip per request. A connection
    given back a moment ago is alive unless the server restarted in between; if it did, the
    first statement fails, SQLAlchemy sees the disconnect and renews the whole pool.
    """

    def mark_used(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["used_at"] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        used_at = record.info.get("used_at")
        if used_at is not None and time.monotonic() - used_at < idle_seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError("connexion à la base perdue") from error
        if not alive:
            raise DisconnectionError("connexion à la base perdue")

    event.listen(engine, "connect", mark_used)
    event.listen(engine, "checkin", mark_used)
    event.listen(engine, "checkout", ping_if_idle)


def read_only_engine(engine: Engine) -> Engine:
    """The engine for sessions that only read.

    On PostgreSQL its connections run each statement on its own (autocommit): a page that
    reads twice costs two round trips instead of four (BEGIN and ROLLBACK around them), and
    under READ COMMITTED each statement sees its own snapshot either way. It shares the
    engine's pool. SQLite gains nothing from it (no round trips): the engine itself.
    """
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


def is_read_only(session: Session) -> bool:
    return bool(session.info.get(READ_ONLY))


def _refuse_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    if is_read_only(session):
        raise ReadOnlySessionError(_REFUSED)


def _refuse_dml(state: ORMExecuteState) -> None:
    if is_read_only(state.session) and (state.is_insert or state.is_update or state.is_delete):
        raise ReadOnlySessionError(_REFUSED)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    event.listen(factory, "before_flush", _refuse_flush)
    event.listen(factory, "do_orm_execute", _refuse_dml)
    return factory


def begin_read_only(session: Session, reader: Engine) -> bool:
    """Open ``session``'s next work for reading only, on ``reader``; False when it is already busy.

    A session in a transaction, or holding unflushed changes, is left as it is. Writes are
    refused (``ReadOnlySessionError``) until ``end_read_only``.
    """
    if session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    session.info[READ_ONLY] = True
    session.bind = reader
    return True


def end_read_only(session: Session, writer: Engine) -> None:
    """Give the connection back and let ``session`` write again, on ``writer``."""
    if not session.info.pop(READ_ONLY, False):
        return
    session.rollback()
    session.bind = writer
