"""Which scheduler process leads: a PostgreSQL advisory lock held on a dedicated connection.

Every host starts ``entrepairs scheduler``; the process that holds the lock runs the periodic
tasks, the others try again every ``SCHEDULER_LEADER_RETRY_SECONDS``. The lock belongs to the
database session: when the leader dies, its connection closes and PostgreSQL frees the lock, so
another process takes over at its next try. A leader whose host vanishes closes nothing: the server
notices by its own TCP keepalives, which the leader's session sets short (``SERVER_KEEPALIVES``;
PostgreSQL's default follows the system's, two hours of silence before the first probe, the lock and
every mail held that long). On SQLite (development, one host) the only process always leads.

Each process also writes a heartbeat row (``scheduler_heartbeats``) that ``/sante`` reads.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta

from sqlalchemy import Connection, Engine, create_engine, delete, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from models import SchedulerHeartbeat, utcnow

log = logging.getLogger(__name__)

#: The advisory lock's key (any bigint the application reserves): "ENTRPAIR" in ASCII, truncated to 63 bits.
LOCK_KEY = 0x454E545250414952 & 0x7FFFFFFFFFFFFFFF
#: The dedicated connection notices a dead peer within about idle + interval × count seconds.
#: A heartbeat row silent this long belongs to a process that is gone.
FORGET_AFTER = timedelta(days=1)
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
#: The same on the server's side of the leader's session (settings any user may set for their session).
SERVER_KEEPALIVES = {"tcp_keepalives_idle": 10, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}


class Leadership:
    """Try to take, keep and give back the leader lock."""

    def __init__(self, database_url: str) -> None:
        self.is_postgresql = make_url(database_url).get_backend_name() == "postgresql"
        self.engine: Engine | None = None
        if self.is_postgresql:
            self.engine = create_engine(database_url, poolclass=NullPool, connect_args={
                **KEEPALIVES, "application_name": "entrepairs-scheduler-leader",
                "options": " ".join(f"-c {name}={value}" for name, value in SERVER_KEEPALIVES.items())})
        self.connection: Connection | None = None
        self.leading = False

    def check(self) -> bool:
        """Whether this process leads now: keep the lock if held (connection alive), else try to take it."""
        if not self.is_postgresql:
            self.leading = True
            return True
        try:
            if self.leading and self.connection is not None:
                self.connection.execute(text("SELECT 1"))
                return True
            if self.connection is None:
                self.connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.leading = bool(self.connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar())
        except Exception:
            log.warning("Connexion de l'élection perdue : ce planificateur ne dirige plus", exc_info=True)
            self._drop()
        return self.leading

    def _drop(self) -> None:
        self.leading = False
        if self.connection is not None:
            try:
                self.connection.invalidate()
                self.connection.close()
            except Exception:  # noqa: BLE001 - already broken
                pass
        self.connection = None

    def release(self) -> None:
        if self.connection is not None and self.leading:
            with contextlib.suppress(Exception):  # closing the connection frees it anyway
                self.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
        if self.connection is not None:
            self.connection.close()
        self.connection, self.leading = None, False
        if self.engine is not None:
            self.engine.dispose()


def beat(engine: Engine, *, worker: str, is_leader: bool) -> None:
    """Record this process's heartbeat (one row per process, updated in place)."""
    now = utcnow()
    with engine.begin() as conn:
        updated = conn.execute(update(SchedulerHeartbeat).where(SchedulerHeartbeat.worker == worker)
                               .values(beat_at=now, is_leader=is_leader)).rowcount
        if not updated:
            conn.execute(SchedulerHeartbeat.__table__.insert().values(
                worker=worker, is_leader=is_leader, started_at=now, beat_at=now))
        if is_leader:  # rows of processes gone for a day (killed, host replaced) are forgotten
            conn.execute(delete(SchedulerHeartbeat).where(SchedulerHeartbeat.beat_at < now - FORGET_AFTER))


def forget(engine: Engine, *, worker: str) -> None:
    """A process that stops cleanly removes its heartbeat row."""
    with engine.begin() as conn:
        conn.execute(delete(SchedulerHeartbeat).where(SchedulerHeartbeat.worker == worker))
