"""What a participating pole (or the host) says after a learning visit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

if TYPE_CHECKING:
    from models.pole import Pole
    from models.user import User
    from models.visit import LearningVisit


class VisitFeedback(Base):
    __tablename__ = "visit_feedback"
    __table_args__ = (
        UniqueConstraint("visit_id", "pole_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("learning_visits.id", ondelete="CASCADE"), index=True)
    #: One feedback per pole (the host pole included); its facilitators may amend it.
    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    is_host: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 1 (disappointing) to 5 (excellent).
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    visit: Mapped[LearningVisit] = relationship(back_populates="feedback")
    pole: Mapped[Pole] = relationship()
    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<VisitFeedback visit={self.visit_id} pole={self.pole_id} {self.rating}/5>"
