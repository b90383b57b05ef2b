"""Enqueue messages in the outbox; a scheduler job delivers them (see ``delivery``).

Enqueuing is idempotent: a message whose key already exists is not added again, so a
step that runs twice (a double click, a job re-run) notifies once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from flask import render_template
from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from app.typography import french_spacing
from models import OutboxMessage, User, utcnow

#: A mail's attachment: (file name, MIME type, its bytes, or the function that writes them when the unit of work
#: commits: an .ics, ``app.scheduling.ics.mail_attachment``).
Attachment = tuple[str, str, bytes | Callable[[], bytes]]
#: ``session.info`` key: the messages of the current transaction whose attachment is written again at commit.
_WRITTEN_AT_COMMIT = "entrepairs.attachments_written_at_commit"
#: ``session.info`` key: the outbox keys of the current transaction, read at once per object (``_object_of``):
#: object prefix -> the keys it holds, or ``None`` while only one of its keys was asked (``_exists``).
_KNOWN_KEYS = "entrepairs.outbox_known_keys"
#: A key names its object first, « kind:id: » (``agenda:7:``, ``booking:42:``, ``digest:3:``): its mails go together.
_OBJECT = re.compile(r"[^:]+:\d+:")


def _object_of(key: str) -> str | None:
    match = _OBJECT.match(key)
    return match.group() if match else None


def _exists(session: Session, key: str) -> bool:
    """Whether the outbox holds ``key``, in this transaction's view; at most two queries per object and transaction.

    The first key of an object is looked up alone (one mail: one small query); from its second, the keys of that
    object are read at once and kept for the transaction, so a national day's 400 mails are two queries, not 400
    (each flushing the one before). Forgotten at the end of the transaction and on any rollback (a savepoint's
    included); the unique key stays the guard against another transaction enqueuing the same key meanwhile.
    """
    prefix = _object_of(key)
    known: dict[str, set[str] | None] = session.info.setdefault(_KNOWN_KEYS, {})
    if prefix is None or prefix not in known:
        if prefix is not None:
            known[prefix] = None
        return session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None
    held = known[prefix]
    if held is None:
        held = known[prefix] = set(session.scalars(
            select(OutboxMessage.key).where(OutboxMessage.key.startswith(prefix, autoescape=True))))
        held.update(o.key for o in session.new if isinstance(o, OutboxMessage) and o.key.startswith(prefix))
    return key in held


def _remember(session: Session, key: str) -> None:
    held = session.info.get(_KNOWN_KEYS, {}).get(_object_of(key) or "")
    if held is not None:
        held.add(key)


def enqueue(session: Session, *, key: str, to: User | str, subject: str, body: str,
            due_at: datetime | None = None,
            attachment: Attachment | None = None) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction; ``None`` if the key exists.

    ``attachment`` is (filename, mime type, bytes), or a function for the bytes: written now, then again just
    before the transaction commits, from what the unit of work ended with. The caller commits. The subject gets
    its French spacing here, once for every mail (``french_spacing``), whoever wrote it and whatever title it quotes.
    """
    if _exists(session, key):
        return None
    _remember(session, key)
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
        session.info.pop(_KNOWN_KEYS, None)  # other transactions may have enqueued since


@event.listens_for(Session, "after_soft_rollback")
def _forget_known_keys(session: Session, _transaction: SessionTransaction) -> None:
    """A rollback, a savepoint's too, takes back keys enqueued in it: read them again."""
    session.info.pop(_KNOWN_KEYS, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_known_keys_on_delete(state: ORMExecuteState) -> None:
    """Messages deleted (an account erased) no longer hold their keys: any bulk delete forgets them, they are read
    again if needed."""
    if state.is_delete:
        state.session.info.pop(_KNOWN_KEYS, None)


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
