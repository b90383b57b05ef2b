"""Mails the outbox gave up on (``delivery``: after ``OUTBOX_MAX_ATTEMPTS`` failed attempts), for the administrators'
page, and put back in the outbox at their request.

A given-up message is cancelled (``cancelled_at``) with a ``last_error`` starting with « Abandonné »; a message
cancelled because it became pointless (a cancelled booking's reminder) has no error and is not one of them, nor is
one whose text the retention task erased (``retention.purge_delivered``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update

from app.extensions import db
from app.notifications.delivery import GIVEN_UP
from models import OutboxMessage, utcnow

#: At most this many on the page (the most recently given up first).
PAGE_LIMIT = 200
_PREFIX = re.compile(rf"^{GIVEN_UP} après \d+ tentatives? : ")


def _is_given_up() -> ColumnElement[bool]:
    return (OutboxMessage.cancelled_at.is_not(None) & OutboxMessage.sent_at.is_(None)
            & OutboxMessage.last_error.startswith(GIVEN_UP, autoescape=True))


@dataclass(frozen=True)
class GivenUpMail:
    id: int
    to_email: str
    subject: str
    #: Why the last attempt failed, in French (the « Abandonné après N tentatives : » prefix taken off).
    reason: str
    attempts: int
    created_at: datetime
    given_up_at: datetime


def reason_of(last_error: str) -> str:
    return _PREFIX.sub("", last_error, count=1)


def given_up_mails(limit: int = PAGE_LIMIT) -> list[GivenUpMail]:
    rows = db.session.scalars(select(OutboxMessage).where(_is_given_up())
                              .order_by(OutboxMessage.cancelled_at.desc(), OutboxMessage.id.desc()).limit(limit))
    return [GivenUpMail(m.id, m.to_email, m.subject, reason_of(m.last_error or ""), m.attempts, m.created_at,
                        m.cancelled_at) for m in rows]


def count_given_up() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(_is_given_up())) or 0


def send_again(message_id: int, *, now: datetime | None = None) -> GivenUpMail | None:
    """Put a given-up message back in the outbox, due now, its attempts counted from zero; what it was, or None
    when it is no longer given up (another click put it back first, or it was erased): one UPDATE decides, so two
    clicks at once put it back once. In the caller's unit of work."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id, _is_given_up())
                                .execution_options(populate_existing=True))
    if message is None:
        return None
    was = GivenUpMail(message.id, message.to_email, message.subject, reason_of(message.last_error or ""),
                      message.attempts, message.created_at, message.cancelled_at)
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, _is_given_up())
        .values(cancelled_at=None, attempts=0, due_at=now or utcnow(), claimed_at=None, claimed_by=None,
                last_error=None)
        .execution_options(synchronize_session=False))
    return was if result.rowcount == 1 else None


@dataclass(frozen=True)
class Retrying:
    """Mails the server has not taken yet but the outbox still retries: during an SMTP outage, the only sign on the
    site for hours (a mail is given up after days)."""
    count: int
    oldest_asked_at: datetime
    next_try_at: datetime
    #: The failure of the most recently asked of them (tried last, most likely), in French (``app.mail.smtp_problem``).
    last_error: str


def retrying() -> Retrying | None:
    """How many mails failed at least once and wait for another try, and the last reason; None when none does."""
    waiting = (OutboxMessage.sent_at.is_(None) & OutboxMessage.cancelled_at.is_(None)
               & (OutboxMessage.attempts > 0))
    number, oldest, next_try = db.session.execute(select(
        func.count(), func.min(OutboxMessage.created_at), func.min(OutboxMessage.due_at)).where(waiting)).one()
    if not number:
        return None
    last_error = db.session.scalar(select(OutboxMessage.last_error).where(
        waiting, OutboxMessage.last_error.is_not(None)).order_by(OutboxMessage.id.desc()).limit(1))
    return Retrying(number, oldest, next_try, last_error or "")
