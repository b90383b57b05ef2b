"""What ``/sante`` reports: the database answers, and some scheduler process beat recently.

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
    scheduler: str  # "ok" | "silencieux" | "non vérifié"

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
            last_beat = conn.scalar(select(func.max(SchedulerHeartbeat.beat_at)))
    except Exception:  # noqa: BLE001 - any failure to reach the database is "injoignable"
        return Health(database="injoignable", scheduler="non vérifié")
    if max_age <= 0:
        return Health(database="ok", scheduler="non vérifié")
    fresh = last_beat is not None and last_beat >= utcnow() - timedelta(seconds=max_age)
    return Health(database="ok", scheduler="ok" if fresh else "silencieux")


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
