"""A Juri-PTCE slot: one lawyer, one meeting of kind LEGAL_SLOT."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import DELETED_ACCOUNT, Base, utcnow

if TYPE_CHECKING:
    from models.booking import Booking
    from models.lawyer import LawyerProfile
    from models.meeting import Meeting


class LegalSlot(Base):
    __tablename__ = "legal_slots"
    #: Generation is idempotent: one slot per lawyer and start instant.
    __table_args__ = (UniqueConstraint("lawyer_profile_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None once the lawyer deleted their account: a past consultation stays in everyone's history.
    lawyer_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("lawyer_profiles.id", ondelete="SET NULL"), index=True
    )
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), unique=True)
    #: UTC, naive; a copy of the session's start so the unique key lives on this table.
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    lawyer: Mapped[LawyerProfile | None] = relationship()
    session: Mapped[Meeting] = relationship()
    bookings: Mapped[list[Booking]] = relationship(back_populates="slot", order_by="Booking.id")

    @property
    def lawyer_name(self) -> str:
        """The lawyer's name, or « Compte supprimé » once they left."""
        return self.lawyer.user.display_name if self.lawyer is not None else DELETED_ACCOUNT

    @property
    def lawyer_addressed_as(self) -> str:
        """« Maître Claire Dupont » (``LawyerProfile.addressed_as``), or « Compte supprimé » once they left."""
        return self.lawyer.addressed_as if self.lawyer is not None else DELETED_ACCOUNT

    def __repr__(self) -> str:
        return f"<LegalSlot {self.id} lawyer={self.lawyer_profile_id} {self.starts_at:%Y-%m-%d %H:%M}>"
