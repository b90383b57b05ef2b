"""Failed login attempts, one row per failure, shared by every web worker (rate limiting)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_created_at", "key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What is limited: "email:<lower-cased address>" or "ip:<address>".
    key: Mapped[str] = mapped_column(String(300))
    #: UTC, naive: when the failure happened.
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<LoginAttempt {self.key} {self.created_at:%Y-%m-%d %H:%M:%S}>"
