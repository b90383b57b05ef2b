"""Enqueue messages in the outbox; a scheduler job delivers them (see ``delivery``).

Enqueuing is idempotent: a message whose key already exists is not added again, so a
step that runs twice (a double click, a job re-run) notifies once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import render_template
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, SessionTransaction

from app.typography import french_spacing
from models import OutboxMessage, User, utcnow

#: A mail's attachment: (file name, MIME type, its bytes, or the function that writes them when the unit of work
#: commits: an .ics, ``app.scheduling.ics.mail_attachment``).
Attachment = tuple[str, str, bytes | Callable[[], bytes]]
#: ``session.info`` key: the messages of the current transaction whose attachment is written again at commit.
_WRITTEN_AT_COMMIT = "entrepairs.attachments_written_at_commit"
#: ``session.info`` key: the outbox keys read at once under a prefix (``keys_read_at_once``), prefix -> keys held.
_KEYS_READ = "entrepairs.outbox_keys_read_at_once"


@contextmanager
def keys_read_at_once(session: Session, prefix: str) -> Iterator[None]:
    """Within, ``enqueue`` of a key starting with ``prefix`` asks a set read here in one query, not the database once
    per message: the mails of a national day's 400 registrations were 400 look-ups, each flushing the one before."""
    held = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.startswith(prefix, autoescape=True))))
    read = session.info.setdefault(_KEYS_READ, {})
    read[prefix] = held
    try:
        yield
    finally:
        read.pop(prefix, None)


def _keys_read_for(session: Session, key: str) -> set[str] | None:
    return next((held for prefix, held in session.info.get(_KEYS_READ, {}).items() if key.startswith(prefix)), None)


def enqueue(session: Session, *, key: str, to: User | str, subject: str, body: str,
            due_at: datetime | None = None,
            attachment: Attachment | None = None) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction; ``None`` if the key exists.

    ``attachment`` is (filename, mime type, bytes), or a function for the bytes: written now, then again just
    before the transaction commits, from what the unit of work ended with. The caller commits. The subject gets
    its French spacing here, once for every mail (``french_spacing``), whoever wrote it and whatever title it quotes.
    """
    held = _keys_read_for(session, key)
    exists = key in held if held is not None else \
        session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None
    if exists:
        return None
    if held is not None:
        held.add(key)
    recipient = to if isinstance(to, User) else None
    message = OutboxMessage(
        key=key, recipient_id=recipient.id if recipient else None,
        to_email=recipient.email if recipient else str(to), subject=french_spacing(subject), body=body,
        due_at=due_at or utcnow(),
    )
    if attachment is not None:
        name, mime, data = attachment
        if callable(data):
            session.info.setdefault(_WRITTEN_AT_COMMIT, []).append((message, data))
            data = data()
        message.attachment_name, message.attachment_type, message.attachment_data = name, mime, data
    session.add(message)
    return message


@event.listens_for(Session, "before_commit")
def _write_attachments_at_commit(session: Session) -> None:
    """Write again the attachments given as functions, from the state the transaction commits (also before a
    savepoint is released: harmless, the outermost commit writes them once more)."""
    for message, write in session.info.get(_WRITTEN_AT_COMMIT, ()):
        message.attachment_data = write()


@event.listens_for(Session, "after_transaction_end")
def _forget_attachments(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction committed or rolled back
        session.info.pop(_WRITTEN_AT_COMMIT, None)


def enqueue_template(session: Session, *, key: str, to: User, subject: str, template: str,
                     due_at: datetime | None = None,
                     attachment: Attachment | None = None, **context: object) -> OutboxMessage | None:
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
