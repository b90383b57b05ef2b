"""Production on two hosts: two scheduler processes and two gunicorn instances on one PostgreSQL database.

The test starts the real processes (``python -m app scheduler``, ``gunicorn app.wsgi:app -c
app/gunicorn_conf.py``) on a database of its own, queues batch runs (jobs) and mails, waits until
they are done, kills the leading scheduler (SIGKILL: no goodbye, its connection and its claim just
vanish), queues more, and checks that the other scheduler took the lead and that every job and
every mail was done exactly once (jobs table states and attempts; .eml files of the file backend).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.database import seed_reference_data, upgrade_database
from app.extensions import db
from app.jobs.queue import enqueue as enqueue_job
from app.notifications.delivery import KEY_HEADER
from app.notifications.outbox import enqueue as enqueue_mail
from config import TestConfig
from models import (
    BatchRun, BatchRunPair, BatchRunStatus, Job, JobState, Need, NeedKind, Offer, OutboxMessage, Pole, ResourcePerson,
    Role, SchedulerHeartbeat, User, ValidationStatus, utcnow,
)
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER, FOOD_NEED, FOOD_OFFER

REPO = Path(__file__).resolve().parents[2]
BASE_URL = os.environ.get("TEST_DATABASE_URL", "")
LEASE_SECONDS = 4
N_RUNS, N_MAILS = 4, 30

pytestmark = [
    pytest.mark.postgres, pytest.mark.slow,
    pytest.mark.skipif(not BASE_URL.startswith("postgresql"), reason="needs TEST_DATABASE_URL (PostgreSQL)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition: Callable[[], object], *, seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"toujours pas au bout de {seconds} s : {what}")


@pytest.fixture
def database() -> Iterator[str]:
    """A database of its own (the test suite's is truncated under the processes' feet otherwise)."""
    url = make_url(BASE_URL)
    name = f"{url.database}_deux_hotes"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    own = url.set(database=name).render_as_string(hide_password=False)
    try:
        yield own
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class Hosts:
    """The processes of the two "hosts", all in one process group each, killed at the end whatever happens."""

    def __init__(self, database_url: str, workdir: Path) -> None:
        self.mail_dir = workdir / "mail"
        self.env = {
            **os.environ, "ENTREPAIRS_ENV": "production", "DATABASE_URL": database_url,
            "SECRET_KEY": "deux-hotes-" + "s" * 40, "PUBLIC_BASE_URL": "https://entrepairs.example.org",
            "ENTREPAIRS_INSTANCE": str(workdir), "MAIL_BACKEND": "file", "MAIL_FILE_DIR": str(self.mail_dir),
            "EMBEDDING_MODEL": "hashing", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "JOBS_POLL_SECONDS": "0.3", "JOB_LEASE_SECONDS": str(LEASE_SECONDS), "JOB_RETRY_SECONDS": "1",
            "SCHEDULER_LEADER_RETRY_SECONDS": "1", "SCHEDULER_HEARTBEAT_SECONDS": "1",
            "OUTBOX_DELIVER_EVERY_SECONDS": "1", "HEALTH_SCHEDULER_MAX_AGE_SECONDS": "10",
            "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "2",
        }
        self.env.pop("TEST_DATABASE_URL", None)
        self.workdir = workdir
        self.schedulers: list[subprocess.Popen] = []
        self.web: list[tuple[subprocess.Popen, str]] = []
        self.log_files: list = []

    def _start(self, args: list[str], name: str, **env: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}.log").open("wb")
        self.log_files.append(log)
        return subprocess.Popen([sys.executable, *args], cwd=REPO, env={**self.env, **env}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def start(self) -> None:
        for i in range(2):
            self.schedulers.append(self._start(["-m", "app", "scheduler"], f"planificateur-{i}"))
            port = _free_port()
            process = self._start(["-m", "gunicorn", "app.wsgi:app", "-c", "app/gunicorn_conf.py"], f"web-{i}",
                                  GUNICORN_BIND=f"127.0.0.1:{port}")
            self.web.append((process, f"http://127.0.0.1:{port}"))

    def health(self, base: str) -> int:
        try:
            with urllib.request.urlopen(base + "/sante", timeout=2) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def stop(self) -> None:
        for process in [*self.schedulers, *(p for p, _ in self.web)]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.schedulers, *(p for p, _ in self.web)]:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        for log in self.log_files:
            log.close()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(self.workdir.glob("*.log")))


def _scene() -> User:
    """Two poles with a need each, two resource persons with an offer each, an organiser."""
    poles = [Pole(name="Pôle des Coteaux", region_code="53"), Pole(name="Pôle du Littoral", region_code="52")]
    needs = [Need(pole=pole, title=title, text=body, kind=NeedKind.TRANSFER)
             for pole, (title, body) in zip(poles, (FINANCE_NEED, FOOD_NEED))]
    people = []
    for i, (title, body) in enumerate((FINANCE_OFFER, FOOD_OFFER)):
        user = User(email=f"pr{i}@exemple.fr", display_name=f"Personne {i}", role=Role.RESOURCE_PERSON,
                    password_hash="x", email_confirmed_at=utcnow())
        person = ResourcePerson(user=user, region_code="53", yearly_capacity=2, headline="Ancienne directrice",
                                validation_status=ValidationStatus.VALIDATED)
        person.offers.append(Offer(title=title, text=body))
        people.append(person)
    organiser = User(email="orga@exemple.fr", display_name="Organisatrice", role=Role.ORGANISER, password_hash="x",
                     email_confirmed_at=utcnow())
    db.session.add_all([*poles, *needs, *people, organiser])
    db.session.commit()
    return organiser


def _queue(organiser: User, phase: str) -> tuple[list[int], list[str]]:
    """``N_RUNS`` batch runs (one job each) and ``N_MAILS`` mails, through the services."""
    run_ids = []
    for _ in range(N_RUNS):
        run = BatchRun(organiser_id=organiser.id, stage="En attente", params={"min_score": 0.0})
        db.session.add(run)
        db.session.commit()
        enqueue_job("batch-run", {"run_id": run.id}, key=f"batch-run:{run.id}")
        run_ids.append(run.id)
    keys = [f"essai:{phase}:{i}" for i in range(N_MAILS)]
    for key in keys:
        enqueue_mail(db.session, key=key, to=organiser, subject=f"Message {key}", body="Bonjour")
    db.session.commit()
    return run_ids, keys


def _all_done() -> bool:
    db.session.rollback()
    open_jobs = db.session.scalar(select(func.count(Job.id)).where(Job.state != JobState.DONE))
    unsent = db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None)))
    return open_jobs == 0 and unsent == 0


def _leaders(max_age: float = 3) -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(select(SchedulerHeartbeat.worker).where(
        SchedulerHeartbeat.is_leader.is_(True), SchedulerHeartbeat.beat_at > utcnow() - timedelta(seconds=max_age))))


def test_two_hosts_do_every_job_and_mail_exactly_once_when_the_leader_dies(database, tmp_path):
    engine = create_engine(database)
    upgrade_database(engine)
    engine.dispose()
    app = create_app(TestConfig, DATABASE_URL=database, JOBS_RUNNER="queue", HEALTH_SCHEDULER_MAX_AGE_SECONDS=10)
    hosts = Hosts(database, tmp_path)
    started = time.monotonic()
    with app.app_context():
        seed_reference_data(db.session)
        organiser = _scene()
        try:
            hosts.start()
            for _, base in hosts.web:
                _wait(lambda base=base: hosts.health(base) == 200, seconds=60, what=f"{base}/sante à 200")
            leader = _wait(lambda: _leaders() if len(_leaders()) == 1 else None, seconds=20, what="un seul élu")[0]

            runs_1, mails_1 = _queue(organiser, "avant")
            _wait(_all_done, seconds=40, what="tâches et messages de la première vague")

            # The leader dies while it holds a job's claim (as if it had just claimed it): nobody says goodbye.
            orphan = Job(kind="batch-run", payload={}, state=JobState.RUNNING, attempts=1, max_attempts=3,
                         stage="", progress=0.0, claimed_by=leader, claimed_until=utcnow() + timedelta(seconds=LEASE_SECONDS),
                         run_after=utcnow())
            orphan_run = BatchRun(organiser_id=organiser.id, stage="En attente", params={"min_score": 0.0})
            db.session.add(orphan_run)
            db.session.flush()
            orphan.payload, orphan.key = {"run_id": orphan_run.id}, f"batch-run:{orphan_run.id}"
            db.session.add(orphan)
            db.session.commit()
            leader_pid = int(leader.rsplit(":", 1)[1])
            victim = next(p for p in hosts.schedulers if p.pid == leader_pid)
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait(10)

            runs_2, mails_2 = _queue(organiser, "apres")
            new_leader = _wait(lambda: next((w for w in _leaders() if w != leader), None), seconds=30,
                               what="un nouvel élu")
            _wait(_all_done, seconds=60, what="tâches et messages de la seconde vague")
            for _, base in hosts.web:
                assert hosts.health(base) == 200
        except AssertionError as error:
            raise AssertionError(f"{error}\n{hosts.logs()}") from None
        finally:
            hosts.stop()

        assert new_leader != leader
        jobs = list(db.session.scalars(select(Job)))
        # The leader queues a re-embedding job every minute: one may have been queued just before the end.
        assert all(job.state is JobState.DONE or (job.kind == "reembed" and job.state is JobState.QUEUED)
                   for job in jobs), [(j.kind, j.state, j.last_error) for j in jobs]
        batch_jobs = {job.payload["run_id"]: job for job in jobs if job.kind == "batch-run"}
        assert set(batch_jobs) == {*runs_1, *runs_2, orphan_run.id}
        assert batch_jobs[orphan_run.id].attempts == 2  # taken again once the dead leader's claim expired
        assert all(job.attempts == 1 for run_id, job in batch_jobs.items() if run_id != orphan_run.id)
        for run_id in batch_jobs:
            run = db.session.get(BatchRun, run_id)
            assert run.status is BatchRunStatus.DONE, (run_id, run.status, run.error)
            assert db.session.scalar(select(func.count(BatchRunPair.id)).where(BatchRunPair.run_id == run_id)) == 2

        sent_keys = [message_from_bytes(path.read_bytes())[KEY_HEADER] for path in hosts.mail_dir.glob("*.eml")]
        assert sorted(sent_keys) == sorted([*mails_1, *mails_2])  # each mail once, none lost
        db.session.close()
        db.engine.dispose()
    assert time.monotonic() - started < 110
