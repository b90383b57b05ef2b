"""Learning visits (*visites apprenantes*): poles spend two days at a host pole around a theme."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow

if TYPE_CHECKING:
    from models.pole import Pole
    from models.meeting import Meeting
    from models.user import User
    from models.visit_feedback import VisitFeedback
    from models.visit_registration import VisitRegistration


class LearningVisit(Base):
    __tablename__ = "learning_visits"
    __table_args__ = (CheckConstraint("capacity BETWEEN 1 AND 100", name="capacity_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: The theme in words (label terms, needs behind it): embedded to tell which needs it fits.
    theme_text: Mapped[str] = mapped_column(Text, default="")
    #: The c-TF-IDF terms of the suggested theme it came from ("tiers-lieu · foncier"), if any.
    label_terms: Mapped[str] = mapped_column(String(300), default="")
    host_pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: First of the two days (local date at the host).
    start_date: Mapped[date] = mapped_column(Date, index=True)
    #: How many visiting poles can register (the host is not counted).
    capacity: Mapped[int] = mapped_column(Integer)
    programme: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    #: IANA zone of the host: the days are planned in it.
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    day_one_session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    day_two_session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    #: The key of the form that created it (``app.idempotency``): the same form sent again creates nothing more.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    host_pole: Mapped[Pole] = relationship()
    organiser: Mapped[User | None] = relationship()
    day_one: Mapped[Meeting | None] = relationship(foreign_keys=[day_one_session_id])
    day_two: Mapped[Meeting | None] = relationship(foreign_keys=[day_two_session_id])
    registrations: Mapped[list[VisitRegistration]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="VisitRegistration.id"
    )
    feedback: Mapped[list[VisitFeedback]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="VisitFeedback.id"
    )

    @property
    def end_date(self) -> date:
        return self.start_date + timedelta(days=1)

    @property
    def sessions(self) -> list[Meeting]:
        return [s for s in (self.day_one, self.day_two) if s is not None]

    def __repr__(self) -> str:
        return f"<LearningVisit {self.id} {self.title!r} {self.start_date}>"
