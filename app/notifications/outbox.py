"""Enqueue messages in the outbox; a scheduler job delivers them (see ``delivery``).

Enqueuing is idempotent: a message whose key already exists is not added again, so a
step that runs twice (a double click, a job re-run) notifies once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import render_template
from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from app.text_rules import on_one_line
from app.typography import french_spacing
from models import OutboxMessage, User, utcnow

#: A mail's attachment: (file name, MIME type, its bytes, or the function that writes them when the unit of work
#: commits: an .ics, ``app.scheduling.ics.mail_attachment``).
Attachment = tuple[str, str, bytes | Callable[[], bytes]]
#: ``session.info`` key: the messages of the current transaction whose attachment is written again at commit.
_WRITTEN_AT_COMMIT = "entrepairs.attachments_written_at_commit"
#: ``session.info`` key: what the current transaction knows of the outbox's keys (``_Known``).
_KNOWN_KEYS = "entrepairs.outbox_known_keys"
#: A key names its object first, « kind:id: » (``agenda:7:``, ``booking:42:``, ``digest:3:``): its mails go together.
_OBJECT = re.compile(r"[^:]+:\d+:")
#: Keys of one object looked up alone (the unique index) before the object's keys are read at once (a scan of the
#: outbox, which no index serves: worth it for a national day's hundreds of mails, not for a booking's two).
LOOKED_UP_ALONE = 2


@dataclass
class _Known:
    """What a transaction knows of the outbox's keys; forgotten when it ends, on any rollback (a savepoint's
    included) and on a bulk delete. The unique key on ``OutboxMessage.key`` stays the guard against another
    transaction enqueuing the same key meanwhile."""

    enqueued: set[str] = field(default_factory=set)  # by this transaction (pending ones too: no flush needed)
    looked_up: Counter[str] = field(default_factory=Counter)  # per object, its keys looked up alone
    held: dict[str, set[str]] = field(default_factory=dict)  # per object, its keys read at once


def _object_of(key: str) -> str | None:
    match = _OBJECT.match(key)
    return match.group() if match else None


def _exists(session: Session, key: str) -> bool:
    """Whether the outbox holds ``key``, in this transaction's view: at most ``LOOKED_UP_ALONE`` + 1 queries per
    object and transaction, so a national day's 400 mails are three queries, not 400 (each flushing the one before)."""
    known: _Known = session.info.setdefault(_KNOWN_KEYS, _Known())
    if key in known.enqueued:
        return True
    prefix = _object_of(key)
    if prefix is not None and prefix in known.held:
        return key in known.held[prefix]
    if prefix is None or known.looked_up[prefix] < LOOKED_UP_ALONE:
        if prefix is not None:
            known.looked_up[prefix] += 1
        return session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None
    held = known.held[prefix] = set(session.scalars(
        select(OutboxMessage.key).where(OutboxMessage.key.startswith(prefix, autoescape=True))))
    return key in held


def enqueue(session: Session, *, key: str, to: User | str, subject: str, body: str,
            due_at: datetime | None = None,
            attachment: Attachment | None = None, unsubscribe: str | None = None) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction; ``None`` if the key exists.

    ``attachment`` is (filename, mime type, bytes), or a function for the bytes: written now, then again just
    before the transaction commits, from what the unit of work ended with. The caller commits. The subject gets
    its French spacing here, once for every mail (``french_spacing``), whoever wrote it and whatever title it quotes,
    on one line (``on_one_line``): a header holds no line break. ``unsubscribe``: the kind of optional mail it is
    (``app.notifications.unsubscribe.KINDS``), which its « List-Unsubscribe » header turns off.
    """
    if _exists(session, key):
        return None
    session.info[_KNOWN_KEYS].enqueued.add(key)
    recipient = to if isinstance(to, User) else None
    message = OutboxMessage(
        key=key, recipient_id=recipient.id if recipient else None,
        to_email=recipient.email if recipient else str(to), subject=french_spacing(on_one_line(subject)), body=body,
        due_at=due_at or utcnow(), unsubscribe=unsubscribe if recipient else None,
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
                     due_at: datetime | None = None, attachment: Attachment | None = None, footer: str = "",
                     unsubscribe: str | None = None, **context: object) -> OutboxMessage | None:
    """Like ``enqueue`` with the body rendered from a text template (needs an app context); ``footer`` (a mail's
    signature block, « -- » first) ends it after a blank line."""
    body = render_template(template, recipient=to, **context)
    if footer:
        body = f"{body.rstrip()}\n\n{footer}"
    return enqueue(session, key=key, to=to, subject=subject, body=body, due_at=due_at, attachment=attachment,
                   unsubscribe=unsubscribe)


def cancel_pending(session: Session, *, key_prefix: str) -> int:
    """Cancel unsent messages whose key starts with ``key_prefix`` (e.g. a cancelled booking's reminders)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.key.startswith(key_prefix, autoescape=True),
               OutboxMessage.sent_at.is_(None), OutboxMessage.cancelled_at.is_(None))
        .values(cancelled_at=utcnow())
    )
    return result.rowcount or 0
