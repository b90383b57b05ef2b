"""What happened to a person, shown under the bell, and how they want to hear of it by mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

#: How a category of notice reaches the person by mail.
IMMEDIATE = "immediate"
DIGEST = "digest"
#: No mail at all: the bell alone (chosen on the preferences page, or by a mail's « List-Unsubscribe » link).
OFF = "off"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: ``message``, ``step``, ``reminder``, ``seat``: the preference category it falls in.
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))
    #: Path inside the site (``/transferts/12#conversation``).
    url: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Set when a daily digest carried it (notices of categories set to « digest »).
    digested_at: Mapped[datetime | None] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Notification {self.id} user={self.user_id} {self.category}>"


class NotificationPreferences(Base):
    """One row per person who changed the defaults (each message by mail, e-mail shared with validated pairs)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        CheckConstraint("messages IN ('immediate', 'digest', 'off')", name="messages_mode"),
        CheckConstraint("reminders IN ('immediate', 'digest')", name="reminders_mode"),
        CheckConstraint("seats IN ('immediate', 'digest', 'off')", name="seats_mode"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    messages: Mapped[str] = mapped_column(String(10), default=IMMEDIATE)
    #: No longer chosen (reminders always leave by mail, the day before): kept so that old rows stay readable.
    reminders: Mapped[str] = mapped_column(String(10), default=IMMEDIATE)
    seats: Mapped[str] = mapped_column(String(10), default=IMMEDIATE)
    #: The person agrees that the other side of a validated transfer sees their e-mail address (and phone).
    share_contact: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(30), default="")

    def __repr__(self) -> str:
        return f"<NotificationPreferences user={self.user_id}>"
