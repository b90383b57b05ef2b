"""Deliver due outbox messages, safely across processes: each message is sent by one worker.

A worker claims messages (PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` then a claim;
everywhere: an atomic ``UPDATE ... WHERE id = ? AND (claimed_at IS NULL OR stale)``),
commits the claim, then for each message renews its claim (an atomic UPDATE that succeeds only
if the claim is still its own), sends, and sets ``sent_at``. A claim older than
``OUTBOX_CLAIM_TIMEOUT_SECONDS`` (a worker died mid-way) may be taken again; because each message's
claim is renewed just before it is sent, a batch that takes longer than the timeout no longer
lets another worker take (and send) the messages it is about to send. The only cases where a
message could go out twice are a crash between the SMTP hand-off and ``sent_at``, and one single
send lasting longer than the timeout (hence the minimum ``config.MIN_OUTBOX_CLAIM_TIMEOUT_SECONDS``, checked at start-up).

A failed send releases the claim and puts the message off by a growing delay (``RETRY_DELAYS``); after
``OUTBOX_MAX_ATTEMPTS`` attempts (``OUTBOX_MAX_ATTEMPTS_REFUSED`` when the server refused the recipient for good,
a 5xx reply) the message is given up: ``cancelled_at`` set, ``last_error`` starting with « Abandonné ».
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update

from app.extensions import db
from app.mail import build_message, deliver
from app.notifications import unsubscribe
from models import OutboxMessage, utcnow

log = logging.getLogger(__name__)
KEY_HEADER = "X-Entrepairs-Key"
#: Delay before the next attempt after the 1st, 2nd… failure; the last one repeats.
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4),
                timedelta(hours=12), timedelta(hours=24))
GIVEN_UP = "Abandonné"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _claimable(now: datetime, stale_before: datetime):  # noqa: ANN202 - a SQL condition
    return (OutboxMessage.sent_at.is_(None) & OutboxMessage.cancelled_at.is_(None)
            & (OutboxMessage.due_at <= now)
            & or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < stale_before))


def claim_due(*, worker: str, limit: int, now: datetime | None = None) -> list[int]:
    """Claim up to ``limit`` due messages for ``worker`` and commit the claim; returns their ids."""
    now = now or utcnow()
    stale_before = now - timedelta(seconds=current_app.config["OUTBOX_CLAIM_TIMEOUT_SECONDS"])
    session = db.session
    query = (select(OutboxMessage.id).where(_claimable(now, stale_before))
             .order_by(OutboxMessage.due_at, OutboxMessage.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed: list[int] = []
    while not claimed:
        candidates = list(session.scalars(query))
        if not candidates:
            break
        for message_id in candidates:
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, _claimable(now, stale_before))
                .values(claimed_at=now, claimed_by=worker, attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                claimed.append(message_id)
        if not claimed:
            session.commit()  # every candidate was taken by another worker meanwhile: look again
    session.commit()
    return claimed


def _send(message: OutboxMessage, app: Flask) -> None:
    attachments = []
    if message.attachment_data is not None:
        attachments.append((message.attachment_name or "piece-jointe",
                            message.attachment_type or "application/octet-stream", message.attachment_data))
    email = build_message(to=message.to_email, subject=message.subject, body=message.body,
                          sender=app.config["MAIL_DEFAULT_SENDER"], attachments=attachments)
    email[KEY_HEADER] = message.key
    # Signed as it leaves: its link lives its days from the sending, however long the message waited.
    for name, value in unsubscribe.headers(message.recipient_id, message.unsubscribe).items():
        email[name] = value
    deliver(email, app)


def _renew_claim(message_id: int, *, worker: str) -> bool:
    """Renew ``worker``'s claim on a message just before sending it; False if the claim is no longer its own."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker,
               OutboxMessage.sent_at.is_(None), OutboxMessage.cancelled_at.is_(None))
        .values(claimed_at=utcnow())
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _refused_for_good(error: BaseException) -> bool:
    """The SMTP server refused the recipient with a permanent (5xx) reply: retrying will hardly help."""
    cause = error.__cause__ if isinstance(error.__cause__, smtplib.SMTPRecipientsRefused) else error
    return isinstance(cause, smtplib.SMTPRecipientsRefused) and bool(cause.recipients) \
        and all(code >= 500 for code, _ in cause.recipients.values())


def _delay_text(delay: timedelta) -> str:
    minutes = int(delay.total_seconds() // 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h"


def _record_failure(message: OutboxMessage, error: BaseException, *, worker: str, app: Flask) -> bool:
    """Put the message off by the next delay, or give it up after its last attempt (then True)."""
    message_id, attempts = message.id, message.attempts or 1
    key, to_email = message.key, message.to_email
    limit = app.config["OUTBOX_MAX_ATTEMPTS_REFUSED" if _refused_for_good(error) else "OUTBOX_MAX_ATTEMPTS"]
    db.session.rollback()
    now = utcnow()
    values: dict[str, object] = {"claimed_at": None, "claimed_by": None}
    if attempts >= limit:
        values.update(cancelled_at=now, last_error=f"{GIVEN_UP} après {attempts} tentatives : {error}"[:2000])
    else:
        delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
        values.update(due_at=now + delay, last_error=str(error)[:2000])
    result = db.session.execute(update(OutboxMessage)
                                .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker,
                                       OutboxMessage.sent_at.is_(None))
                                .values(**values).execution_options(synchronize_session=False))
    db.session.commit()
    if result.rowcount != 1:
        return False  # taken over as stale by another worker meanwhile: its outcome counts
    if "cancelled_at" in values:
        log.error("Mail %s à %s abandonné après %d tentatives : %s", key, to_email, attempts, error)
        return True
    log.warning("Envoi impossible de %s (tentative %d sur %d) : %s ; nouvel essai dans %s",
                key, attempts, limit, error, _delay_text(delay))
    return False


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    given_up: int = 0


def deliver_due(*, worker: str | None = None, limit: int | None = None,
                now: datetime | None = None) -> DeliveryReport:
    """Claim and send one batch of due messages; a failed send is retried later (``_record_failure``)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    worker = worker or worker_name()
    limit = limit or app.config["OUTBOX_BATCH_SIZE"]
    report = DeliveryReport()
    ids = claim_due(worker=worker, limit=limit, now=now)
    report.claimed = len(ids)
    for message_id in ids:
        if not _renew_claim(message_id, worker=worker):
            report.skipped += 1  # taken over as stale by another worker meanwhile, or sent, or cancelled
            continue
        message = db.session.get(OutboxMessage, message_id, populate_existing=True)
        if message is None or message.claimed_by != worker or message.sent_at is not None \
                or message.cancelled_at is not None:
            report.skipped += 1  # cancelled after the claim, or taken over as stale
            db.session.rollback()
            continue
        try:
            _send(message, app)
        except Exception as error:  # noqa: BLE001 - any backend failure is recorded and retried
            report.failed += 1
            if _record_failure(message, error, worker=worker, app=app):
                report.given_up += 1
            continue
        db.session.execute(update(OutboxMessage)
                           .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)
                           .values(sent_at=utcnow(), last_error=None)
                           .execution_options(synchronize_session=False))
        db.session.commit()
        report.sent += 1
    return report


def deliver_all_due(*, worker: str | None = None, now: datetime | None = None) -> DeliveryReport:
    """Deliver batches until nothing due is left (a restarted scheduler catches up at once)."""
    total = DeliveryReport()
    while True:
        report = deliver_due(worker=worker, now=now)
        total.claimed += report.claimed
        total.sent += report.sent
        total.failed += report.failed
        total.skipped += report.skipped
        total.given_up += report.given_up
        if report.claimed == 0 or report.sent == 0:
            return total
