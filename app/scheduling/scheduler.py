"""The scheduler process: periodic tasks on the elected leader, background jobs on every process.

``entrepairs scheduler`` runs it blocking; production starts one on every host (never one per web
worker). ``SchedulerProcess`` holds three parts:

- the leader election (``leader.Leadership``: a PostgreSQL advisory lock); only the leader runs the
  periodic tasks below (APScheduler 3.x, each inside an app context), paused on the others;
- a job worker (``app.jobs.runner.JobWorker``) that claims and runs queued jobs, on every process;
- a heartbeat row per process (``scheduler_heartbeats``), read by ``/sante``.

``entrepairs run`` starts the same thing in background threads in development.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, UTC
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from app.extensions import db
from app.scheduling.wall_clock import NETWORK_ZONE
from app.typography import count

log = logging.getLogger(__name__)

#: The hour (Paris) the daily digest leaves.
DIGEST_HOUR = 7


def deliver_outbox_job() -> None:
    from app.notifications.delivery import deliver_all_due

    report = deliver_all_due()
    if report.claimed:
        log.info("File d'envoi : %s, %s", count(report.sent, "e-mail envoyé", "e-mails envoyés"),
                 count(report.failed, "échec"))


def reminders_job() -> None:
    from app.legal.services import expire_offers
    from app.scheduling.reminders import enqueue_due_reminders

    added = enqueue_due_reminders()
    expired = expire_offers()
    if added or expired:
        log.info("Rappels : %s ; %s", count(added, "rappel mis en file", "rappels mis en file"),
                 count(expired, "proposition de créneau expirée", "propositions de créneau expirées"))


def generate_slots_job() -> None:
    from app.legal.services import generate_slots

    created = generate_slots()
    if created:
        log.info("Créneaux Juri-PTCE : %s", count(created, "créneau créé", "créneaux créés"))


def digests_job() -> None:
    """The daily digest of the notices of the people who chose it (« récapitulatif du jour »): it was never sent."""
    from app.notifications.inbox import send_digests

    sent = send_digests()
    db.session.commit()
    if sent:
        log.info("Récapitulatifs du jour : %s", count(sent, "e-mail mis en file", "e-mails mis en file"))


def reembed_job() -> None:
    """Queue the re-embedding of changed profile texts (a job: any scheduler process runs it)."""
    from app.jobs.queue import enqueue

    enqueue("reembed", {}, key="reembed")


def transfer_requests_job() -> None:
    """Remind, then expire, transfer requests and proposals left unanswered (idempotent)."""
    from app.transfers.services import expire_stale_requests, remind_pending_requests

    reminded, expired = remind_pending_requests(), expire_stale_requests()
    if reminded or expired:
        log.info("Demandes de transfert : %s, %s", count(reminded, "relance", "relances"),
                 count(expired, "demande expirée", "demandes expirées"))


def retention_job() -> None:
    """Warn, then purge, accounts inactive beyond RETENTION_INACTIVE_DAYS; erase failed logins out of their window."""
    from flask import current_app

    from app.privacy.services import purge_inactive

    from app.ratelimit import LoginLimits, purge_expired_attempts

    purge_inactive(db.session, inactive_days=current_app.config["RETENTION_INACTIVE_DAYS"],
                   warning_days=current_app.config["RETENTION_WARNING_DAYS"])
    # Failed logins keep an address and an IP: once out of the window they count for nothing, and only
    # `entrepairs purge-inactive` erased them (a command the README had the operator run besides).
    purge_expired_attempts(db.session, limits=LoginLimits.from_config(current_app.config))
    db.session.commit()


def outbox_retention_job() -> None:
    """Strip the personal content of messages sent or cancelled more than OUTBOX_RETENTION_DAYS ago."""
    from flask import current_app

    from app.notifications.retention import purge_delivered

    purged = purge_delivered(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    if purged:
        log.info("Messages anciens effacés : %d", purged)


def notification_retention_job() -> None:
    """Delete bell notices read more than NOTIFICATIONS_RETENTION_DAYS ago (unread: twice that)."""
    from flask import current_app

    from app.notifications.retention import purge_old_notices

    purged = purge_old_notices(days=current_app.config["NOTIFICATIONS_RETENTION_DAYS"])
    if purged:
        log.info("Notifications anciennes supprimées : %d", purged)


def transfer_retention_job() -> None:
    """Delete the messages and personal notes of transfers closed more than TRANSFER_MESSAGES_RETENTION_DAYS ago."""
    from flask import current_app

    from app.transfers.retention import purge_closed_transfers

    report = purge_closed_transfers(days=current_app.config["TRANSFER_MESSAGES_RETENTION_DAYS"])
    if report.messages or report.reports or report.notes or report.drafts:
        log.info("Transferts clos depuis la durée de conservation : messages effacés %d, comptes rendus %d, "
                 "notes %d, fiches non publiées %d", report.messages, report.reports, report.notes, report.drafts)


def jobs_cleanup_job() -> None:
    """Delete jobs done more than JOBS_KEEP_DAYS ago (re-embedding alone queues one a minute)."""
    from flask import current_app

    from app.jobs.queue import forget_finished

    forget_finished(days=current_app.config["JOBS_KEEP_DAYS"])


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[[], None]
    seconds: int
    at_start: bool = True
    #: A setting that overrides ``seconds``.
    setting: str | None = None
    #: Run once a day at this hour on the network's clocks (Paris) instead of every ``seconds``: the digest is the
    #: day's mail of the morning, not one 24 h after whenever the process started (nor at each start).
    daily_at_hour: int | None = None


JOBS = (
    JobSpec("deliver-outbox", deliver_outbox_job, 30, setting="OUTBOX_DELIVER_EVERY_SECONDS"),
    JobSpec("reminders", reminders_job, 60),
    JobSpec("generate-slots", generate_slots_job, 24 * 3600),
    JobSpec("digests", digests_job, 24 * 3600, at_start=False, daily_at_hour=DIGEST_HOUR),
    JobSpec("reembed", reembed_job, 60),
    JobSpec("transfer-requests", transfer_requests_job, 3600),
    JobSpec("retention", retention_job, 24 * 3600),
    JobSpec("outbox-retention", outbox_retention_job, 24 * 3600),
    JobSpec("notification-retention", notification_retention_job, 24 * 3600),
    JobSpec("transfer-retention", transfer_retention_job, 24 * 3600),
    JobSpec("jobs-cleanup", jobs_cleanup_job, 24 * 3600),
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
    """A scheduler with every periodic task; overdue runs are coalesced into one (a restart catches up once)."""
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(timezone=UTC, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": 3600,
    })
    now = datetime.now(UTC)
    for job in JOBS:
        if job.daily_at_hour is not None:
            scheduler.add_job(_in_context(app, job.func), "cron", hour=job.daily_at_hour, minute=0,
                              timezone=ZoneInfo(NETWORK_ZONE), id=job.id, replace_existing=True)
            continue
        seconds = int(app.config.get(job.setting, job.seconds)) if job.setting else job.seconds
        scheduler.add_job(_in_context(app, job.func), "interval", seconds=seconds, id=job.id,
                          next_run_time=now if job.at_start else None, replace_existing=True)
    # Saves no longer embed inline: the reembed job does it.
    app.config["SCHEDULER_ENABLED"] = True
    return scheduler


class SchedulerProcess:
    """Leader election, periodic tasks on the leader, the job worker and the heartbeat of one process."""

    def __init__(self, app: Flask) -> None:
        from app.jobs.runner import JobWorker, worker_name
        from app.scheduling.leader import Leadership

        self.app = app
        self.worker = worker_name()
        self.leadership = Leadership(app.config["DATABASE_URL"])
        self.periodic = build_scheduler(app, blocking=False)
        self.jobs = JobWorker(app, worker=self.worker)
        self.stopping = threading.Event()
        self.leading = False

    def _lead(self) -> None:
        log.info("Planificateur %s : élu, lance les tâches périodiques", self.worker)
        now = datetime.now(UTC)
        for job in JOBS:
            if job.at_start:
                self.periodic.modify_job(job.id, next_run_time=now)
        self.periodic.resume()
        self.leading = True

    def _follow(self) -> None:
        log.warning("Planificateur %s : n'est plus élu, suspend les tâches périodiques", self.worker)
        self.periodic.pause()
        self.leading = False

    def tick(self) -> bool:
        """One turn of the loop: check or take leadership, start or pause the periodic tasks, beat."""
        from app.scheduling.leader import beat

        leader = self.leadership.check()
        if leader and not self.leading:
            self._lead()
        elif not leader and self.leading:
            self._follow()
        try:
            with self.app.app_context():
                beat(db.engine, worker=self.worker, is_leader=leader)
        except Exception:
            log.warning("Battement du planificateur impossible", exc_info=True)
        return leader

    def run(self) -> None:
        """Run until ``stop()`` (or Ctrl+C in the blocking command)."""
        config = self.app.config
        interval = max(0.2, min(float(config["SCHEDULER_HEARTBEAT_SECONDS"]),
                                float(config["SCHEDULER_LEADER_RETRY_SECONDS"])))
        self.periodic.start(paused=True)
        self.jobs.start()
        try:
            while not self.stopping.is_set():
                self.tick()
                self.stopping.wait(interval)
        finally:
            self.shutdown()

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="scheduler", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()

    def shutdown(self) -> None:
        from app.scheduling.leader import forget

        self.jobs.stop()
        if self.periodic.running:
            self.periodic.shutdown(wait=False)
        self.leadership.release()
        try:
            with self.app.app_context():
                forget(db.engine, worker=self.worker)
        except Exception:
            log.warning("Effacement du battement impossible", exc_info=True)
