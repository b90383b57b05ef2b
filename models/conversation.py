"""The pair's conversation on a transfer: messages between the pole, the resource person and the organisers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

if TYPE_CHECKING:
    from models.pairing import Pairing
    from models.user import User


class TransferMessage(Base):
    __tablename__ = "transfer_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"), index=True)
    #: None once the author's account is deleted (shown as « Compte supprimé »).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    #: The form's one-time key: a message posted twice (double click, retry) is stored once.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    pairing: Mapped[Pairing] = relationship()
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<TransferMessage {self.id} pairing={self.pairing_id}>"
