"""Engine helpers: idle connections pinged before use, read-only sessions refusing writes."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select, text, update

from models import Theme
from models.engine import ReadOnlySessionError, begin_read_only, end_read_only, make_engine, make_session_factory

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(not POSTGRES_URL.startswith("postgresql"), reason="PostgreSQL seulement")


def _count_pings(engine, monkeypatch) -> list[int]:
    pings = []
    real_ping = engine.dialect.do_ping

    def counting_ping(dbapi_connection) -> bool:
        pings.append(1)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counting_ping)
    return pings


@needs_postgres
def test_a_connection_used_a_moment_ago_is_lent_without_a_ping(monkeypatch):
    engine = make_engine(POSTGRES_URL, ping_after_idle_seconds=3600, pool_size=1)
    pings = _count_pings(engine, monkeypatch)
    for _ in range(5):
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT 1")) == 1
    assert pings == []
    engine.dispose()


@needs_postgres
def test_an_idle_connection_that_died_is_replaced_before_use(monkeypatch):
    engine = make_engine(POSTGRES_URL, ping_after_idle_seconds=0, pool_size=1)
    pings = _count_pings(engine, monkeypatch)
    with engine.connect() as connection:
        first_backend = connection.scalar(text("SELECT pg_backend_pid()"))
    killer = make_engine(POSTGRES_URL)
    with killer.connect() as connection:
        # with a timeout the call waits until the backend has ended (without, it only signals it)
        assert connection.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": first_backend})
    killer.dispose()
    with engine.connect() as connection:  # the pooled connection is dead: pinged, dropped, renewed
        assert connection.scalar(text("SELECT pg_backend_pid()")) != first_backend
    assert len(pings) >= 1
    engine.dispose()


@pytest.fixture
def session():
    engine = make_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE themes (code VARCHAR PRIMARY KEY, family VARCHAR, label VARCHAR)"))
        connection.execute(text("INSERT INTO themes VALUES ('a', 'F', 'Un thème')"))
    with make_session_factory(engine)() as s:
        yield s
    engine.dispose()


def test_a_read_only_session_refuses_flushes_and_bulk_writes(session):
    assert begin_read_only(session, session.get_bind())
    assert session.scalar(select(func.count()).select_from(Theme)) == 1
    session.add(Theme(code="b", family="F", label="Deux"))
    with pytest.raises(ReadOnlySessionError):
        session.flush()
    session.expunge_all()
    with pytest.raises(ReadOnlySessionError):
        session.execute(update(Theme).values(label="changé"))
    end_read_only(session, session.get_bind())
    session.add(Theme(code="b", family="F", label="Deux"))
    session.commit()
    assert session.scalar(select(func.count()).select_from(Theme)) == 2


def test_a_busy_session_is_not_switched_to_read_only(session):
    session.add(Theme(code="c", family="F", label="En attente"))
    assert not begin_read_only(session, session.get_bind())
    session.commit()
    session.scalar(select(Theme))  # a transaction has begun
    assert not begin_read_only(session, session.get_bind())
