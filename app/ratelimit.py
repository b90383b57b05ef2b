"""Login rate limiting stored in the database, so it holds across every worker process.

Each login attempt adds one row per key (``email:<address>`` and ``ip:<address>``) **before**
the password is checked; the attempt may go on only while each key has at most its limit of
rows in the sliding window. A successful login forgets the rows of its e-mail address and its
own row for the IP, so only failures (and refused attempts) stay counted. Limits are settings:
``LOGIN_MAX_FAILURES_PER_EMAIL`` (5), ``LOGIN_MAX_FAILURES_PER_IP`` (30) within
``LOGIN_WINDOW_SECONDS`` (900).

Why the count is atomic: ``admit_login_attempt`` commits its rows, then counts. Take the
attempts of one key in the order their rows were committed: the k-th one counts after its own
commit, so it sees at least k rows (READ COMMITTED: every statement sees all rows committed
before it starts; SQLite serialises writers). Hence at most ``limit`` attempts ever see a count
within the limit, however many arrive at once — no lock needed. (Counting first and writing
after the password check, as before, let a burst of 30 concurrent logins check 10 passwords.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.transactions import unit_of_work
from models import LoginAttempt, utcnow

TOO_MANY_ATTEMPTS = "Trop de tentatives de connexion : réessayez dans quelques minutes."


@dataclass(frozen=True)
class LoginLimits:
    per_email: int = 5
    per_ip: int = 30
    window_seconds: int = 900

    @classmethod
    def from_config(cls, config: dict) -> LoginLimits:
        return cls(
            per_email=int(config.get("LOGIN_MAX_FAILURES_PER_EMAIL", cls.per_email)),
            per_ip=int(config.get("LOGIN_MAX_FAILURES_PER_IP", cls.per_ip)),
            window_seconds=int(config.get("LOGIN_WINDOW_SECONDS", cls.window_seconds)),
        )


@dataclass(frozen=True)
class Admission:
    """The outcome of ``admit_login_attempt``: may the password be checked, and this attempt's IP row."""

    allowed: bool
    ip_row_id: int


def email_key(email: str) -> str:
    return f"email:{(email or '').strip().lower()[:250]}"


def ip_key(ip: str | None) -> str:
    return f"ip:{ip or 'inconnue'}"


def _count(session: Session, key: str, since: datetime) -> int:
    return session.scalar(
        select(func.count(LoginAttempt.id)).where(LoginAttempt.key == key, LoginAttempt.created_at > since)
    ) or 0


def record_login_attempt(session: Session, *, email: str, ip: str | None, limits: LoginLimits,
                         now: datetime | None = None) -> int:
    """Count one attempt for the address and the IP, committed at once; rows of these keys past the window go.

    Returns the id of the IP row. Called outside any unit of work (it must commit before counting).
    """
    now = now or utcnow()
    keys = (email_key(email), ip_key(ip))
    with unit_of_work(session):
        session.execute(delete(LoginAttempt).where(
            LoginAttempt.key.in_(keys), LoginAttempt.created_at <= now - timedelta(seconds=limits.window_seconds)))
        rows = [LoginAttempt(key=key, created_at=now) for key in keys]
        session.add_all(rows)
        session.flush()
    return rows[1].id


def over_limit(session: Session, *, email: str, ip: str | None, limits: LoginLimits,
               now: datetime | None = None) -> bool:
    """True when the address or the IP has more rows in the window than its limit."""
    since = (now or utcnow()) - timedelta(seconds=limits.window_seconds)
    return (_count(session, email_key(email), since) > limits.per_email
            or _count(session, ip_key(ip), since) > limits.per_ip)


def admit_login_attempt(session: Session, *, email: str, ip: str | None, limits: LoginLimits,
                        now: datetime | None = None) -> Admission:
    """Record this attempt, then say whether it is within the limits (see the module docstring)."""
    row_id = record_login_attempt(session, email=email, ip=ip, limits=limits, now=now)
    return Admission(allowed=not over_limit(session, email=email, ip=ip, limits=limits, now=now), ip_row_id=row_id)


def forget_login_failures(session: Session, *, email: str, ip_row_id: int | None = None) -> None:
    """After a successful login: the address starts afresh, and this attempt no longer counts for the IP.

    The caller's unit of work commits.
    """
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == email_key(email)))
    if ip_row_id is not None:
        session.execute(delete(LoginAttempt).where(LoginAttempt.id == ip_row_id))


def purge_expired_attempts(session: Session, *, limits: LoginLimits, now: datetime | None = None) -> int:
    """Delete rows older than the window (retention job); the caller commits."""
    cutoff = (now or utcnow()) - timedelta(seconds=limits.window_seconds)
    return session.execute(delete(LoginAttempt).where(LoginAttempt.created_at <= cutoff)).rowcount or 0
