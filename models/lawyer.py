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

    @property
    def addressed_as(self) -> str:
        """« Maître Claire Dupont »: how a mail or a page names the lawyer to a pole. The profile says no gender, and
        « Maître » needs none, where « Avocat·e : Claire Dupont » marked one on a known person; a name typed with
        its title (« Maître Dupont », « Me Dupont ») keeps it as it is."""
        name = self.user.display_name
        return name if name.startswith(("Maître ", "Me ", "Me\u00a0")) else f"Maître {name}"

    def __repr__(self) -> str:
        return f"<LawyerProfile {self.id} user={self.user_id}>"
