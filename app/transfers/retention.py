"""A closed transfer keeps its personal free text ``TRANSFER_MESSAGES_RETENTION_DAYS`` (3 years), no longer.

The one retention rule of transfers. Once a transfer has been closed (completed, cancelled, declined
or expired: ``CLOSED_STATUSES``) for longer than the retention, what people wrote to each other goes:
the conversation's messages are deleted, the day reports, the step notes (request message, reasons,
history notes) are emptied. What the statistics and the bilan count stays: the transfer row, its
status and dates, its days, objectives and feedback; a published experience sheet stays too (it was
written for the network and published with both sides' consent), a sheet never published goes.

The scheduler's leader runs it daily (``transfer_retention_job``); it is idempotent: a second run
changes nothing. The bilan and the statistics count completed transfers by ``completed_at``, which the
purge never touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from app.extensions import db
from app.transactions import transactional
from app.transfers.states import CLOSED_STATUSES
from models import ExperienceSheet, Pairing, PairingDay, PairingEvent, TransferMessage, utcnow


@dataclass(frozen=True)
class RetentionReport:
    messages: int
    reports: int
    notes: int
    #: Experience sheets never published (a draft, or one side did not agree).
    drafts: int = 0


def retention_limit(days: int, now: datetime | None = None) -> datetime:
    """Transfers closed before this instant have outlived the retention."""
    return (now or utcnow()) - timedelta(days=days)


def is_past_retention(pairing: Pairing, *, days: int, now: datetime | None = None) -> bool:
    return pairing.status in CLOSED_STATUSES and pairing.status_changed_at < retention_limit(days, now)


@transactional
def purge_closed_transfers(*, days: int, now: datetime | None = None) -> RetentionReport:
    """Delete the messages and empty the personal notes of transfers closed more than ``days`` days ago."""
    expired = (select(Pairing.id).where(Pairing.status.in_(CLOSED_STATUSES),
                                        Pairing.status_changed_at < retention_limit(days, now)))
    messages = db.session.execute(
        delete(TransferMessage).where(TransferMessage.pairing_id.in_(expired))
        .execution_options(synchronize_session=False)).rowcount or 0
    reports = db.session.execute(
        update(PairingDay).where(PairingDay.pairing_id.in_(expired),
                                 or_(PairingDay.report_done != "", PairingDay.report_next != ""))
        .values(report_done="", report_next="").execution_options(synchronize_session=False)).rowcount or 0
    notes = db.session.execute(
        update(PairingEvent).where(PairingEvent.pairing_id.in_(expired), PairingEvent.note != "")
        .values(note="").execution_options(synchronize_session=False)).rowcount or 0
    notes += db.session.execute(
        update(Pairing).where(Pairing.id.in_(expired), or_(Pairing.message != "", Pairing.decision_note != ""))
        .values(message="", decision_note="")
        .execution_options(synchronize_session=False)).rowcount or 0
    drafts = db.session.execute(
        delete(ExperienceSheet).where(ExperienceSheet.pairing_id.in_(expired), ExperienceSheet.published_at.is_(None))
        .execution_options(synchronize_session=False)).rowcount or 0
    return RetentionReport(messages=messages, reports=reports, notes=notes, drafts=drafts)
