"""Enqueue messages in the outbox; a scheduler job delivers them (see ``delivery``).

Enqueuing is idempotent: a message whose key already exists is not added again, so a
step that runs twice (a double click, a job re-run) notifies once.
"""

from __future__ import annotations

from datetime import datetime

from flask import render_template
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.typography import french_spacing
from models import OutboxMessage, User, utcnow


def enqueue(session: Session, *, key: str, to: User | str, subject: str, body: str,
            due_at: datetime | None = None,
            attachment: tuple[str, str, bytes] | None = None) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction; ``None`` if the key exists.

    ``attachment`` is (filename, mime type, bytes). The caller commits. The subject gets its French spacing here,
    once for every mail (``french_spacing``), whoever wrote it and whatever title it quotes.
    """
    existing = session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key))
    if existing is not None:
        return None
    recipient = to if isinstance(to, User) else None
    message = OutboxMessage(
        key=key, recipient_id=recipient.id if recipient else None,
        to_email=recipient.email if recipient else str(to), subject=french_spacing(subject), body=body,
        due_at=due_at or utcnow(),
    )
    if attachment is not None:
        message.attachment_name, message.attachment_type, message.attachment_data = attachment
    session.add(message)
    return message


def enqueue_template(session: Session, *, key: str, to: User, subject: str, template: str,
                     due_at: datetime | None = None,
                     attachment: tuple[str, str, bytes] | None = None, **context: object) -> OutboxMessage | None:
    """Like ``enqueue`` with the body rendered from a text template (needs an app context)."""
    body = render_template(template, recipient=to, **context)
    return enqueue(session, key=key, to=to, subject=subject, body=body, due_at=due_at, attachment=attachment)


def cancel_pending(session: Session, *, key_prefix: str) -> int:
    """Cancel unsent messages whose key starts with ``key_prefix`` (e.g. a cancelled booking's reminders)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.key.startswith(key_prefix, autoescape=True),
               OutboxMessage.sent_at.is_(None), OutboxMessage.cancelled_at.is_(None))
        .values(cancelled_at=utcnow())
    )
    return result.rowcount or 0
