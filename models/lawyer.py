"""Lawyers of the Juri-PTCE slots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base

if TYPE_CHECKING:
    from models.user import User


class LawyerProfile(Base):
    __tablename__ = "lawyer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    firm: Mapped[str | None] = mapped_column(String(200))
    #: Free text of specialties; embedded to route legal questions.
    specialties: Mapped[str] = mapped_column(Text, default="")
    #: How their appointments take place, in their words: a video link, a phone number, an address.
    #: Written onto their slots' meetings (``app.scheduling.meetings.set_place``); None until they say it.
    meeting_details: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<LawyerProfile {self.id} user={self.user_id}>"
