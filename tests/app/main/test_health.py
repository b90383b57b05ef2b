"""/sante: 200 only when the database answers and a scheduler beat recently; short JSON, no details."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import create_app
from app.main import health
from config import TestConfig
from models import SchedulerHeartbeat, utcnow


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setattr(health, "CACHE_SECONDS", 0.0)


def test_healthy_with_a_fresh_heartbeat(app, client, db):
    app.config["HEALTH_SCHEDULER_MAX_AGE_SECONDS"] = 120
    db.add(SchedulerHeartbeat(worker="hote-a:12", is_leader=True, beat_at=utcnow() - timedelta(seconds=10)))
    db.commit()
    response = client.get("/sante")
    assert response.status_code == 200
    assert response.get_json() == {"statut": "ok", "base_de_donnees": "ok", "planificateur": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_503_when_the_scheduler_is_silent(app, client, db):
    app.config["HEALTH_SCHEDULER_MAX_AGE_SECONDS"] = 120
    assert client.get("/sante").status_code == 503  # no scheduler ever beat
    db.add(SchedulerHeartbeat(worker="hote-a:12", is_leader=True, beat_at=utcnow() - timedelta(minutes=5)))
    db.commit()
    response = client.get("/sante")
    assert response.status_code == 503 and response.get_json()["planificateur"] == "silencieux"


def test_503_when_the_database_is_unreachable(tmp_path):
    broken = create_app(TestConfig, DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/nowhere",
                        SERVER_NAME="entrepairs.test")
    response = broken.test_client().get("/sante")
    assert response.status_code == 503
    assert response.get_json() == {"statut": "en panne", "base_de_donnees": "injoignable",
                                   "planificateur": "non vérifié"}
    assert "127.0.0.1" not in response.get_data(as_text=True)


def test_503_when_only_followers_beat(app, client, db):
    """Followers beating while no process leads (the lock kept by a vanished host): no mail leaves, not « ok »."""
    app.config["HEALTH_SCHEDULER_MAX_AGE_SECONDS"] = 120
    db.add(SchedulerHeartbeat(worker="hote-a:12", is_leader=True, beat_at=utcnow() - timedelta(minutes=5)))
    db.add(SchedulerHeartbeat(worker="hote-b:34", is_leader=False, beat_at=utcnow() - timedelta(seconds=5)))
    db.commit()
    response = client.get("/sante")
    assert response.status_code == 503
    assert response.get_json() == {"statut": "en panne", "base_de_donnees": "ok", "planificateur": "sans élu"}
    db.add(SchedulerHeartbeat(worker="hote-c:56", is_leader=True, beat_at=utcnow() - timedelta(seconds=5)))
    db.commit()
    assert client.get("/sante").get_json()["planificateur"] == "ok"


def test_the_answer_reads_in_french_with_curl(app, client, db):
    """An operator reads it in a terminal: accented letters as such (UTF-8), not « \\u00e9 » escapes."""
    app.config["HEALTH_SCHEDULER_MAX_AGE_SECONDS"] = 120
    db.add(SchedulerHeartbeat(worker="hote-b:34", is_leader=False, beat_at=utcnow() - timedelta(seconds=5)))
    db.commit()
    response = client.get("/sante")
    assert response.mimetype == "application/json" and response.mimetype_params.get("charset", "utf-8") == "utf-8"
    assert '"sans élu"' in response.get_data(as_text=True)
