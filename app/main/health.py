"""What ``/sante`` reports: the database answers, and the elected scheduler beat recently.

Only the elected process (``is_leader``) sends the mails, the reminders and the slots: followers
beating while no process holds the election (a leader whose host vanished keeps the lock until
PostgreSQL notices) is « sans élu », not « ok ».

One cheap query (the freshest heartbeat, which also proves the database answers), remembered per
process for ``CACHE_SECONDS`` so a load balancer polling every worker costs almost nothing. The
answer says which part is wrong, never why (no error text, host or address leaks out).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from models import SchedulerHeartbeat, utcnow

CACHE_SECONDS = 1.0


@dataclass(frozen=True)
class Health:
    database: str  # "ok" | "injoignable"
    scheduler: str  # "ok" | "silencieux" | "sans élu" | "non vérifié"

    @property
    def ok(self) -> bool:
        return self.database == "ok" and self.scheduler in {"ok", "non vérifié"}

    def as_dict(self) -> dict[str, str]:
        return {"statut": "ok" if self.ok else "en panne", "base_de_donnees": self.database,
                "planificateur": self.scheduler}


_cache: dict[int, tuple[float, Health]] = {}
_lock = threading.Lock()


def _measure() -> Health:
    max_age = int(current_app.config["HEALTH_SCHEDULER_MAX_AGE_SECONDS"])
    try:
        with db.engine.connect() as conn:
            last_beat, last_leader_beat = conn.execute(select(
                func.max(SchedulerHeartbeat.beat_at),
                func.max(SchedulerHeartbeat.beat_at).filter(SchedulerHeartbeat.is_leader.is_(True)))).one()
    except Exception:  # noqa: BLE001 - any failure to reach the database is "injoignable"
        return Health(database="injoignable", scheduler="non vérifié")
    if max_age <= 0:
        return Health(database="ok", scheduler="non vérifié")
    since = utcnow() - timedelta(seconds=max_age)
    if last_leader_beat is not None and last_leader_beat >= since:
        return Health(database="ok", scheduler="ok")
    fresh = last_beat is not None and last_beat >= since
    return Health(database="ok", scheduler="sans élu" if fresh else "silencieux")


def health() -> Health:
    """The current health, measured at most once per ``CACHE_SECONDS`` in this process (per app)."""
    app_id = id(current_app._get_current_object())  # type: ignore[attr-defined]
    now = time.monotonic()
    with _lock:
        cached = _cache.get(app_id)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    result = _measure()
    with _lock:
        _cache[app_id] = (now, result)
    return result
