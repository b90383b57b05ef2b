"""An invited pole's place in a learning visit: invited, registered, waitlisted, declined or withdrawn; once the
visit has begun, whether it came and with how many people."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import VisitRegistrationStatus

if TYPE_CHECKING:
    from models.pole import Pole
    from models.user import User
    from models.visit import LearningVisit


class VisitRegistration(Base):
    __tablename__ = "visit_registrations"
    __table_args__ = (UniqueConstraint("visit_id", "pole_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("learning_visits.id", ondelete="CASCADE"), index=True)
    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), index=True)
    status: Mapped[VisitRegistrationStatus] = mapped_column(
        enum_type(VisitRegistrationStatus, "visit_registration_status"),
        default=VisitRegistrationStatus.INVITED, index=True,
    )
    invited_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: When the pole last asked for a place: the waitlist is served in this order.
    requested_at: Mapped[datetime | None] = mapped_column(DateTime)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Bumped on every status change; part of the notification keys (one message per change).
    version: Mapped[int] = mapped_column(Integer, default=0)
    #: Whether the registered pole came (noted by the organiser once the visit has begun; None until then),
    #: like ``CollectiveRegistration.attended`` for a collective session.
    attended: Mapped[bool | None] = mapped_column(Boolean)
    #: How many of the pole's people came (set when ``attended``; None otherwise).
    people_present: Mapped[int | None] = mapped_column(Integer)

    visit: Mapped[LearningVisit] = relationship(back_populates="registrations")
    pole: Mapped[Pole] = relationship()
    responded_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<VisitRegistration visit={self.visit_id} pole={self.pole_id} {self.status.value}>"
