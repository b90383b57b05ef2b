"""The one scheduler process: APScheduler 3.x jobs, each run inside an app context.

``entrepairs scheduler`` runs it blocking (production: one process, never one per web
worker); ``entrepairs run`` starts it in a background thread in development.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, UTC

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from app.extensions import db

log = logging.getLogger(__name__)


def deliver_outbox_job() -> None:
    from app.notifications.delivery import deliver_all_due

    report = deliver_all_due()
    if report.claimed:
        log.info("Outbox : %d envoyé(s), %d échec(s)", report.sent, report.failed)


def reminders_job() -> None:
    from app.legal.services import expire_offers
    from app.scheduling.reminders import enqueue_due_reminders

    added = enqueue_due_reminders()
    expired = expire_offers()
    if added or expired:
        log.info("Rappels : %d ajouté(s) ; propositions expirées : %d", added, expired)


def generate_slots_job() -> None:
    from app.legal.services import generate_slots

    created = generate_slots()
    if created:
        log.info("Créneaux Juri-PTCE : %d créé(s)", created)


def reembed_job() -> None:
    """Vectors for changed profile texts (unchanged texts are cached by content hash)."""
    from app.suggestions.embeddings import embed_texts
    from app.suggestions.reembed import profile_texts

    _, encoded = embed_texts(db.session, profile_texts(db.session))
    if encoded:
        log.info("Textes de profil ré-encodés : %d", encoded)


def transfer_requests_job() -> None:
    """Remind, then expire, transfer requests and proposals left unanswered (idempotent)."""
    from app.transfers.services import expire_stale_requests, remind_pending_requests

    reminded, expired = remind_pending_requests(), expire_stale_requests()
    if reminded or expired:
        log.info("Demandes de transfert : %d rappel(s), %d expirée(s)", reminded, expired)


def retention_job() -> None:
    """Warn, then purge, accounts inactive beyond RETENTION_INACTIVE_DAYS."""
    from flask import current_app

    from app.privacy.services import purge_inactive

    purge_inactive(db.session, inactive_days=current_app.config["RETENTION_INACTIVE_DAYS"],
                   warning_days=current_app.config["RETENTION_WARNING_DAYS"])


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[[], None]
    seconds: int
    at_start: bool = True


JOBS = (
    JobSpec("deliver-outbox", deliver_outbox_job, 30),
    JobSpec("reminders", reminders_job, 60),
    JobSpec("generate-slots", generate_slots_job, 24 * 3600),
    JobSpec("reembed", reembed_job, 60),
    JobSpec("transfer-requests", transfer_requests_job, 3600),
    JobSpec("retention", retention_job, 24 * 3600),
)


def _in_context(app: Flask, func: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        with app.app_context():
            try:
                func()
            except Exception:
                log.exception("Échec de la tâche %s", func.__name__)
                db.session.rollback()

    run.__name__ = func.__name__
    return run


def build_scheduler(app: Flask, *, blocking: bool) -> BaseScheduler:
    """A scheduler with every job; overdue runs are coalesced into one (a restart catches up once)."""
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(timezone=UTC, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 3600,
    })
    now = datetime.now(UTC)
    for job in JOBS:
        scheduler.add_job(_in_context(app, job.func), "interval", seconds=job.seconds, id=job.id,
                          next_run_time=now if job.at_start else None, replace_existing=True)
    # Saves no longer embed inline: the reembed job does it.
    app.config["SCHEDULER_ENABLED"] = True
    return scheduler
