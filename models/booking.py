"""A booking of a Juri-PTCE slot (or a place on its waitlist)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import DELETED_ACCOUNT, Base, enum_type, partial_unique_index, utcnow
from models.enums import BookingStatus

if TYPE_CHECKING:
    from models.legal_slot import LegalSlot
    from models.pole import Pole
    from models.user import User


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        #: The database itself refuses a second confirmed booking of one slot.
        partial_unique_index("uq_bookings_one_confirmed_per_slot", "slot_id", where="status = 'confirmed'"),
        #: One open booking (confirmed, offered or on a waitlist) per person and question.
        partial_unique_index("uq_bookings_one_open_per_question", "booker_id", "question_key",
                             where="status IN ('confirmed', 'offered', 'waitlisted')"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("legal_slots.id", ondelete="CASCADE"), index=True)
    #: None once the booker deleted their account: the consultation stays the pole's (and the bilan's).
    booker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("poles.id", ondelete="SET NULL"), index=True)
    #: The legal question, written by the facilitator; the lawyer reads it in advance.
    question: Mapped[str] = mapped_column(Text)
    #: SHA-256 of the question with spacing and case folded (``app.legal.bookings.question_key``).
    question_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[BookingStatus] = mapped_column(enum_type(BookingStatus, "booking_status"))
    #: Hidden field of the booking form: a double click books once.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: When a waitlisted booking was offered the freed slot.
    offered_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: A cancelled booking that was moved to another slot (a new booking, same question, holds that one).
    moved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Cancelled because the lawyer (or the organisers for her) closed the slot (``app.legal.closing``).
    slot_closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Why the slot was closed, as written then; the booker reads it on « Mes rendez-vous » and in the mail.
    closing_reason: Mapped[str | None] = mapped_column(Text)

    slot: Mapped[LegalSlot] = relationship(back_populates="bookings")
    booker: Mapped[User | None] = relationship()
    pole: Mapped[Pole | None] = relationship()

    @property
    def state_label(self) -> str:
        """« Déplacé » for a booking moved to another slot, « Annulé (créneau fermé) » for one whose slot was
        closed (by the lawyer or the Juri-PTCE team: the label says what happened, not who), else its status."""
        if self.moved:
            return "Déplacé"
        return "Annulé (créneau fermé)" if self.slot_closed else self.status.label

    @property
    def booker_name(self) -> str:
        """The booker's name, or « Compte supprimé » once they left."""
        return self.booker.display_name if self.booker is not None else DELETED_ACCOUNT

    def __repr__(self) -> str:
        return f"<Booking {self.id} slot={self.slot_id} {self.status.value}>"
