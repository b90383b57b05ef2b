"""Login rate limiting stored in the database, so it holds across every worker process.

Each failed login adds one row per key (``email:<address>`` and ``ip:<address>``); a login
is refused with HTTP 429 while a key has too many failures in the sliding window. A
successful login forgets the failures of its e-mail address (not those of its IP).
Limits are settings: ``LOGIN_MAX_FAILURES_PER_EMAIL`` (5), ``LOGIN_MAX_FAILURES_PER_IP``
(30) within ``LOGIN_WINDOW_SECONDS`` (900).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

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


def email_key(email: str) -> str:
    return f"email:{(email or '').strip().lower()[:250]}"


def ip_key(ip: str | None) -> str:
    return f"ip:{ip or 'inconnue'}"


def _failures(session: Session, key: str, since: datetime) -> int:
    return session.scalar(
        select(func.count(LoginAttempt.id)).where(LoginAttempt.key == key, LoginAttempt.created_at > since)
    ) or 0


def is_login_blocked(session: Session, *, email: str, ip: str | None, limits: LoginLimits,
                     now: datetime | None = None) -> bool:
    """True when the address or the IP already used up its failures in the window."""
    since = (now or utcnow()) - timedelta(seconds=limits.window_seconds)
    return (_failures(session, email_key(email), since) >= limits.per_email
            or _failures(session, ip_key(ip), since) >= limits.per_ip)


def record_login_failure(session: Session, *, email: str, ip: str | None, limits: LoginLimits,
                         now: datetime | None = None) -> None:
    """Count one failure for the address and the IP (commits); old rows of these keys go."""
    now = now or utcnow()
    keys = (email_key(email), ip_key(ip))
    session.execute(delete(LoginAttempt).where(
        LoginAttempt.key.in_(keys), LoginAttempt.created_at <= now - timedelta(seconds=limits.window_seconds)))
    session.add_all(LoginAttempt(key=key, created_at=now) for key in keys)
    session.commit()


def forget_login_failures(session: Session, *, email: str) -> None:
    """After a successful login, the address starts afresh (the caller commits)."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == email_key(email)))


def purge_expired_attempts(session: Session, *, limits: LoginLimits, now: datetime | None = None) -> int:
    """Delete rows older than the window (retention job); the caller commits."""
    cutoff = (now or utcnow()) - timedelta(seconds=limits.window_seconds)
    return session.execute(delete(LoginAttempt).where(LoginAttempt.created_at <= cutoff)).rowcount or 0
