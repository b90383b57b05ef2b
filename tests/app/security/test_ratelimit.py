"""Login rate limiting: 5 failures per e-mail and 30 per IP in 15 minutes, across processes."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.typography import french_spacing
from app.auth import services as auth_services
from app.ratelimit import TOO_MANY_ATTEMPTS, LoginLimits, over_limit, record_login_attempt
from models import LoginAttempt, utcnow
from tests.conftest import PASSWORD, extract_csrf

pytestmark = pytest.mark.web


def _attempt(client, email: str, password: str, ip: str = "127.0.0.1"):
    token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
    return client.post("/compte/connexion", data={"csrf_token": token, "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def test_login_blocked_after_five_failures_even_with_right_password(client, make_user):
    user = make_user()
    for _ in range(5):
        assert _attempt(client, user.email, "mauvais-mot-de-passe").status_code == 200
    response = _attempt(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert french_spacing(TOO_MANY_ATTEMPTS) in response.get_data(as_text=True)


def test_login_limit_is_per_email_other_account_unaffected(client, make_user):
    victim, other = make_user(), make_user()
    for _ in range(5):
        _attempt(client, victim.email, "mauvais-mot-de-passe")
    assert _attempt(client, other.email, PASSWORD).status_code == 302


def test_login_limit_per_ip_counts_every_address(client, make_user):
    user = make_user()
    for n in range(30):
        _attempt(client, f"inconnu{n}@exemple.fr", "mauvais-mot-de-passe", ip="203.0.113.7")
    assert _attempt(client, user.email, PASSWORD, ip="203.0.113.7").status_code == 429
    assert _attempt(client, user.email, PASSWORD, ip="203.0.113.8").status_code == 302


def test_login_success_forgets_failures_of_the_address(client, db, make_user):
    user = make_user()
    for _ in range(4):
        _attempt(client, user.email, "mauvais-mot-de-passe")
    assert _attempt(client, user.email, PASSWORD).status_code == 302
    assert db.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.key == f"email:{user.email}")) == 0


def test_login_failures_expire_after_the_window(db):
    limits = LoginLimits(per_email=2, per_ip=100, window_seconds=900)
    old = utcnow() - timedelta(minutes=20)
    for _ in range(3):
        record_login_attempt(db, email="a@exemple.fr", ip="1.2.3.4", limits=limits, now=old)
    assert over_limit(db, email="a@exemple.fr", ip="1.2.3.4", limits=limits, now=old)
    assert not over_limit(db, email="a@exemple.fr", ip="1.2.3.4", limits=limits)


def _fail_logins_in_fresh_process(database_url: str, email: str, password: str, count: int) -> list[int]:
    """Runs in a separate process: its own app, engine and connections on the same database."""
    from app import create_app
    from config import TestConfig

    app = create_app(TestConfig, DATABASE_URL=database_url, SERVER_NAME="entrepairs.test")
    client = app.test_client()
    codes = []
    for _ in range(count):
        token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
        codes.append(client.post("/compte/connexion", data={
            "csrf_token": token, "email": email, "password": password}).status_code)
    return codes


def test_login_limit_holds_across_processes(app, make_user, database_url):
    """Two worker processes share the count: 3 failures in one, then the other refuses the 6th try."""
    user = make_user(email="multi@exemple.fr")
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        first = pool.apply(_fail_logins_in_fresh_process, (database_url, user.email, "mauvais-mot", 3))
    with ctx.Pool(1) as pool:
        second = pool.apply(_fail_logins_in_fresh_process, (database_url, user.email, PASSWORD, 1))
        assert first == [200, 200, 200] and second == [302]  # under the limit, the right password works
    with ctx.Pool(1) as pool:
        first = pool.apply(_fail_logins_in_fresh_process, (database_url, user.email, "mauvais-mot", 3))
    with ctx.Pool(1) as pool:
        second = pool.apply(_fail_logins_in_fresh_process, (database_url, user.email, "mauvais-mot", 2))
        third = pool.apply(_fail_logins_in_fresh_process, (database_url, user.email, PASSWORD, 1))
    assert first == [200, 200, 200]
    assert second == [200, 200]
    assert third == [429]


needs_postgres = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                    reason="TEST_DATABASE_URL (PostgreSQL) absent")


@pytest.mark.postgres
@needs_postgres
def test_a_burst_of_concurrent_wrong_logins_checks_at_most_five_passwords(app, make_user, monkeypatch):
    """30 wrong logins for one address at the same instant: the limit (5) holds, not 10 as before.

    Each password check is counted (and slowed a little, as Argon2 is, so the burst overlaps it).
    """
    user = make_user(email="rafale@exemple.fr")
    checks = []
    lock = threading.Lock()
    real_verify = auth_services.verify_password

    def counted(password_hash, password):
        with lock:
            checks.append(password)
        time.sleep(0.05)
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth_services, "verify_password", counted)
    clients = []
    for _ in range(30):
        client = app.test_client()
        clients.append((client, extract_csrf(client.get("/compte/connexion").get_data(as_text=True))))
    barrier = threading.Barrier(len(clients))
    codes: list[int] = []

    def one(client, token) -> None:
        try:
            barrier.wait(timeout=60)
            code = client.post("/compte/connexion", data={"csrf_token": token, "email": user.email,
                                                          "password": "mauvais-mot-de-passe"}).status_code
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            code = -1
            print(repr(error))
        with lock:
            codes.append(code)

    threads = [threading.Thread(target=one, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(codes) == 30 and -1 not in codes, codes
    assert len(checks) <= 5, len(checks)
    assert codes.count(429) >= 25 and codes.count(200) == len(checks)
