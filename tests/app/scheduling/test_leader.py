"""Scheduler leader election (PostgreSQL advisory lock) and heartbeats."""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import select

from app.scheduling.leader import Leadership
from app.scheduling.scheduler import SchedulerProcess
from models import SchedulerHeartbeat

needs_postgres = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                    reason="needs TEST_DATABASE_URL (PostgreSQL)")


def _takes_over(leadership: Leadership, *, within: float = 10.0) -> bool:
    """Try as the scheduler's loop does: PostgreSQL frees a dead session's lock once its backend has ended,
    which happens a moment after the client's socket closed, not at once."""
    deadline = time.monotonic() + within
    while not leadership.check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_on_sqlite_the_only_scheduler_leads(app):
    if app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("SQLite only")
    assert Leadership(app.config["DATABASE_URL"]).check() is True


@pytest.mark.postgres
@needs_postgres
def test_one_leader_at_a_time_and_another_takes_over_when_it_dies_postgres(app):
    url = app.config["DATABASE_URL"]
    first, second = Leadership(url), Leadership(url)
    try:
        assert first.check() is True
        assert second.check() is False
        assert first.check() is True and second.check() is False  # kept, still refused
        first.connection.invalidate()  # the leader's connection dies (process killed, host gone)
        first.connection = None
        first.leading = False
        assert _takes_over(second)
        assert first.check() is False
    finally:
        first.release()
        second.release()


def test_each_tick_records_a_heartbeat_and_stop_removes_it(app, monkeypatch):
    from app.extensions import db

    def heartbeat(worker: str):
        with db.engine.connect() as conn:  # the process's own app contexts replace the test's session
            return conn.execute(select(SchedulerHeartbeat.is_leader).where(SchedulerHeartbeat.worker == worker)).first()

    process = SchedulerProcess(app)
    monkeypatch.setattr(process, "_lead", lambda: setattr(process, "leading", True))  # no periodic tasks here
    try:
        assert process.tick() is True
        assert tuple(heartbeat(process.worker)) == (True,)
    finally:
        process.shutdown()
    assert heartbeat(process.worker) is None


def test_the_leader_forgets_heartbeats_of_processes_gone_for_a_day(app, db):
    from datetime import timedelta

    from app.extensions import db as database
    from app.scheduling.leader import beat
    from models import utcnow

    db.add(SchedulerHeartbeat(worker="ancien:1", is_leader=True, beat_at=utcnow() - timedelta(days=2)))
    db.add(SchedulerHeartbeat(worker="recent:2", is_leader=False, beat_at=utcnow() - timedelta(minutes=5)))
    db.commit()
    beat(database.engine, worker="suiveur:3", is_leader=False)
    assert db.scalar(select(SchedulerHeartbeat).where(SchedulerHeartbeat.worker == "ancien:1")) is not None
    beat(database.engine, worker="elu:4", is_leader=True)
    db.expire_all()
    assert sorted(db.scalars(select(SchedulerHeartbeat.worker))) == ["elu:4", "recent:2", "suiveur:3"]


@pytest.mark.postgres
@needs_postgres
def test_the_server_notices_a_vanished_leader_host_within_a_minute_postgres(app):
    """A host that vanishes closes no socket: PostgreSQL frees the lock only once its own keepalives give up,
    two hours and more by default (every mail held that long) — the leader's session sets them short."""
    leadership = Leadership(app.config["DATABASE_URL"])
    try:
        assert leadership.check() is True
        idle, interval, probes = (int(leadership.connection.exec_driver_sql(f"SHOW {name}").scalar())
                                  for name in ("tcp_keepalives_idle", "tcp_keepalives_interval", "tcp_keepalives_count"))
        assert 0 < idle + interval * probes <= 60
    finally:
        leadership.release()
