"""The audit log of administrative changes: who did what, when, to what, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: The actor's name and address when it acted (kept when the account is gone).
    actor_label: Mapped[str] = mapped_column(String(400), default="")
    #: What was done: "account.invite", "account.role", "account.deactivate", "pole.merge"...
    action: Mapped[str] = mapped_column(String(64), index=True)
    #: "user", "pole", "organisation".
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    #: The target's name when the change was made (a merged pole is gone afterwards).
    target_label: Mapped[str] = mapped_column(String(400), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} {self.target_type}:{self.target_id}>"
