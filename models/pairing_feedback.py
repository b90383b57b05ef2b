"""Feedback given by each side once a transfer is completed."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import FeedbackSide

if TYPE_CHECKING:
    from models.pairing import Pairing
    from models.user import User


class PairingFeedback(Base):
    __tablename__ = "pairing_feedback"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        UniqueConstraint("pairing_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    side: Mapped[FeedbackSide] = mapped_column(enum_type(FeedbackSide, "feedback_side"))
    #: 1 (poor) to 5 (excellent).
    rating: Mapped[int] = mapped_column(Integer)
    #: What was actually transferred (know-how, tools, contacts).
    transferred: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    pairing: Mapped[Pairing] = relationship()
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PairingFeedback pairing={self.pairing_id} {self.side.value} {self.rating}>"
