"""Mail already sent keeps no personal content forever: after ``OUTBOX_RETENTION_DAYS`` it is stripped.

A message sent (or cancelled) long enough ago loses its subject, text, attachment and address; its
row and key stay, so an idempotent enqueue with the same key still does nothing (nothing is sent
twice), and the counts of what was sent stay true. The scheduler's leader runs it daily.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update

from app.extensions import db
from app.transactions import transactional
from models import OutboxMessage, utcnow

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
