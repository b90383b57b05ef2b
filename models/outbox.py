"""Outbox of messages to send: each has a unique key so nothing is ever sent twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, prefix_index, utcnow


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    #: An object's keys read at once by their prefix (``key LIKE 'agenda:7:%'``, app/notifications/outbox.py), in a
    #: table that keeps every message: an index, not a scan, on PostgreSQL.
    __table_args__ = (prefix_index("ix_outbox_messages_key_prefix", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Idempotency key, e.g. "booking:42:confirmation" or "session:7:reminder24h:user:3".
    key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    #: Optional attachment (an .ics file, usually).
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: Not sent before this instant (UTC); reminders are enqueued ahead of time.
    due_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: Set by the worker that took the message; a stale claim may be taken again.
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    #: Set when the message became pointless (booking cancelled, account deleted), or was given up after its
    #: last failed attempt (then ``last_error`` starts with « Abandonné après N tentatives »).
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: The kind of optional mail it is (``message``, ``seat``, ``digest``: ``app.notifications.unsubscribe.KINDS``),
    #: which its « List-Unsubscribe » link turns off; None for a mail one cannot turn off (a booking, a password).
    unsubscribe: Mapped[str | None] = mapped_column(String(20))

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.key} sent={self.sent_at is not None}>"
