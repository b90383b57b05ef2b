"""Personal data operations: export a user's data, delete an account, purge inactive accounts."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import app.privacy.hooks  # noqa: F401 - registers the core hooks
from app.auth.passwords import verify_password
from app.locks import lock_row
from app.notifications.outbox import enqueue_template
from app.privacy.registry import account_deletions, data_exports
from app.transactions import unit_of_work
from models import OutboxMessage, Role, User, utcnow


class PrivacyError(Exception):
    """A refused operation; ``str()`` is a French message."""


def _json_default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} octets>"
    raise TypeError(f"Valeur non exportable : {type(value).__name__}")


def export_user_data(session: Session, *, user: User, now: datetime | None = None) -> dict[str, Any]:
    """Every registered section about ``user`` (``app.privacy.registry``), ready for JSON."""
    data: dict[str, Any] = {
        "service": "Entrepairs",
        "genere_le_utc": (now or utcnow()).isoformat(),
        "explication": "Toutes les données personnelles qu'Entrepairs conserve sur votre compte.",
    }
    for name, hook in data_exports():
        data[name] = hook(session, user)
    return data


def export_user_data_json(session: Session, *, user: User) -> str:
    return json.dumps(export_user_data(session, user=user), ensure_ascii=False, indent=2, default=_json_default)


def delete_account(session: Session, *, user: User, now: datetime | None = None) -> None:
    """The one way an account goes (own deletion, inactive-account purge): every area's departure
    hook (``app.privacy.registry``), then the ``users`` row, as one unit of work — a hook that fails
    leaves everything as it was, and a service a hook calls joins the unit instead of committing.

    The account's row is locked first, as a deactivation locks it (``admin.accounts.set_active``): a booking or a
    registration under way (``app.locks.lock_active_account``) commits before the hooks read what to release, or
    waits and finds the account gone — never a seat or a slot taken meanwhile and kept by nobody. Deleted meanwhile
    (a double click, the purge): nothing left to do."""
    now = now or utcnow()
    with unit_of_work(session):
        # ``others_may_refer`` as the deactivation: a booking holding a lawyer's slot writes her among its
        # participants, and must not wait for this lock while the lawyer's hook waits for its slot.
        if lock_row(session, User, user.id, others_may_refer=True) is None:
            return
        for _name, hook in account_deletions():
            hook(session, user, now)
        session.flush()
        session.delete(user)


def delete_own_account(session: Session, *, user: User, password: str) -> None:
    """A user deletes their account after typing their password again."""
    if not verify_password(user.password_hash, password or ""):
        raise PrivacyError("Mot de passe incorrect : votre compte n'a pas été supprimé.")
    delete_account(session, user=user)


@dataclass
class PurgeReport:
    warned: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


def _warning_key(user: User, last_activity: datetime) -> str:
    # Tied to the last activity: an account used again and then left gets a new warning.
    return f"retention:warning:user:{user.id}:{last_activity:%Y%m%dT%H%M%S}"


def purge_inactive(session: Session, *, inactive_days: int, warning_days: int = 30,
                   now: datetime | None = None) -> PurgeReport:
    """Warn, then delete, accounts unused for ``inactive_days`` (administrators are kept).

    Activity is the last login (``last_seen_at``), else the creation date. An account is
    warned by e-mail (outbox) ``warning_days`` before; it is deleted only once it is past
    the limit *and* its warning was queued at least ``warning_days`` earlier, so nobody is
    deleted unwarned. Running the job twice does nothing more (idempotent keys).
    """
    now = now or utcnow()
    report = PurgeReport()
    activity = func.coalesce(User.last_seen_at, User.created_at)
    warn_before = now - timedelta(days=inactive_days - warning_days)
    candidates = session.scalars(select(User).where(User.role != Role.ADMIN, activity <= warn_before)
                                 .order_by(User.id)).all()
    for user in candidates:
        last_activity = user.last_seen_at or user.created_at
        key = _warning_key(user, last_activity)
        warning = session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
        if warning is None:
            deletion_day = max(last_activity + timedelta(days=inactive_days), now + timedelta(days=warning_days))
            enqueue_template(session, key=key, to=user, subject="Votre compte Entrepairs va être supprimé",
                             template="privacy/mail_retention_warning.txt", deletion_day=deletion_day,
                             inactive_days=inactive_days)
            session.commit()
            report.warned.append(user.id)
        elif (last_activity <= now - timedelta(days=inactive_days)
              and warning.created_at <= now - timedelta(days=warning_days)):
            user_id = user.id
            delete_account(session, user=user, now=now)
            report.deleted.append(user_id)
    return report
