"""What a transfer's pair agrees on and hands back to the network: objectives and the experience sheet."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

if TYPE_CHECKING:
    from models.pairing import Pairing
    from models.user import User

OBJECTIVE_STATUSES = {"open": "En cours", "reached": "Atteint", "dropped": "Abandonné"}


class TransferObjective(Base):
    __tablename__ = "transfer_objectives"
    __table_args__ = (CheckConstraint("status IN ('open', 'reached', 'dropped')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10), default="open")

    @property
    def status_label(self) -> str:
        return OBJECTIVE_STATUSES[self.status]

    def __repr__(self) -> str:
        return f"<TransferObjective pairing={self.pairing_id} {self.position} {self.status}>"


class ExperienceSheet(Base):
    """« Fiche d'expérience »: what a completed transfer taught, published when both sides agree."""

    __tablename__ = "experience_sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text)
    transferred: Mapped[str] = mapped_column(Text)
    worked: Mapped[str] = mapped_column(Text, default="")
    avoid: Mapped[str] = mapped_column(Text, default="")
    #: Contacts that agreed to be named (free text, written with their consent).
    contacts: Mapped[str] = mapped_column(Text, default="")
    pole_agrees: Mapped[bool] = mapped_column(Boolean, default=False)
    resource_agrees: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    pairing: Mapped[Pairing] = relationship()
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ExperienceSheet {self.id} pairing={self.pairing_id} published={self.published_at is not None}>"
