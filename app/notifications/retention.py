"""Mail already sent and bell notices keep no personal content forever.

A message sent (or cancelled) more than ``OUTBOX_RETENTION_DAYS`` ago loses its subject, text,
attachment and address; its row and key stay, so an idempotent enqueue with the same key still does
nothing (nothing is sent twice), and the counts of what was sent stay true.

A bell notice (« Nouveau message de X … ») read and older than ``NOTIFICATIONS_RETENTION_DAYS`` is
deleted; an unread one too once older than twice that (its person never came back to read it). A
notice has no key and nothing counts it: the row goes. The scheduler's leader runs both daily.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, update

from app.extensions import db
from app.transactions import transactional
from models import Notification, OutboxMessage, utcnow

ERASED = "(effacé après la durée de conservation)"


@transactional
def purge_delivered(*, days: int, now: datetime | None = None) -> int:
    """Strip messages sent or cancelled more than ``days`` days ago; how many were stripped."""
    limit = (now or utcnow()) - timedelta(days=days)
    result = db.session.execute(
        update(OutboxMessage)
        .where(or_(OutboxMessage.sent_at < limit, OutboxMessage.cancelled_at < limit),
               OutboxMessage.body != ERASED)
        .values(subject=ERASED, body=ERASED, to_email="", recipient_id=None,
                attachment_name=None, attachment_type=None, attachment_data=None, last_error=None)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


@transactional
def purge_old_notices(*, days: int, now: datetime | None = None) -> int:
    """Delete bell notices read and older than ``days`` days, unread ones older than twice that; how many."""
    now = now or utcnow()
    limit, unread_limit = now - timedelta(days=days), now - timedelta(days=2 * days)
    result = db.session.execute(
        delete(Notification)
        .where(or_(and_(Notification.read_at.is_not(None), Notification.created_at < limit),
                   Notification.created_at < unread_limit))
        .execution_options(synchronize_session=False))
    return result.rowcount or 0
