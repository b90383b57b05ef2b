"""Pairs an organiser forbids (a need must never be paired with this resource person)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class ForbiddenPair(Base):
    __tablename__ = "forbidden_pairs"
    __table_args__ = (UniqueConstraint("need_id", "resource_person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    resource_person_id: Mapped[int] = mapped_column(
        ForeignKey("resource_persons.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ForbiddenPair need={self.need_id} rp={self.resource_person_id}>"
