"""Any meeting: a Juri-PTCE slot, a transfer day, a visit day, a slot of a collective session.

Called a session in the design (hence the tables ``sessions`` and ``session_participants``);
``Meeting`` in code, so that "session" means only the database session or the Flask cookie.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint, ColumnElement, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, and_,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import ParticipantRole, MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from models.collective_session import CollectiveSession
    from models.user import User


def new_uid() -> str:
    return f"{uuid.uuid4()}@entrepairs"


class Meeting(Base):
    __tablename__ = "sessions"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind, "session_kind"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: UTC, naive.
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    #: UTC, naive.
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    #: Zone the meeting was planned in (shown beside each viewer's own zone).
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    location: Mapped[str | None] = mapped_column(String(300))
    video_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_type(MeetingStatus, "session_status"), default=MeetingStatus.SCHEDULED
    )
    #: Why this meeting alone was cancelled, as its organisers told the people attending (one slot of a collective
    #: session cancelled on its own: ``app.agenda.cancellation.cancel_slot``); None otherwise.
    cancel_reason: Mapped[str | None] = mapped_column(String(400))
    #: Stable iCalendar UID; SEQUENCE is bumped on each change.
    ical_uid: Mapped[str] = mapped_column(String(120), unique=True, default=new_uid)
    ical_sequence: Mapped[int] = mapped_column(Integer, default=0)
    #: The collective session this meeting is a slot of (kind ``collective``).
    collective_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("collective_sessions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    collective_session: Mapped[CollectiveSession | None] = relationship(back_populates="slots")
    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )

    @hybrid_method
    def held_by(self, now: datetime) -> bool:
        """Whether the meeting took place by ``now`` (naive UTC): not cancelled, and begun.

        The one rule of what a review counts as done — a Juri-PTCE consultation held, a visit made, a
        collective session held, a transfer day spent; a meeting still to come is planned, not done.
        « Begun » rather than « ended »: attendance can be noted from the start (``app.agenda.services``).
        Usable in SQL too: ``select(...).where(Meeting.held_by(now))``.
        """
        return self.status is not MeetingStatus.CANCELLED and self.starts_at <= now

    @held_by.inplace.expression
    @classmethod
    def _held_by_expression(cls, now: datetime) -> ColumnElement[bool]:
        return and_(cls.status != MeetingStatus.CANCELLED, cls.starts_at <= now)

    @hybrid_method
    def to_come_after(self, now: datetime) -> bool:
        """Planned and not begun at ``now``: what a review may show apart as « à venir » (never as done)."""
        return self.status is not MeetingStatus.CANCELLED and self.starts_at > now

    @to_come_after.inplace.expression
    @classmethod
    def _to_come_after_expression(cls, now: datetime) -> ColumnElement[bool]:
        return and_(cls.status != MeetingStatus.CANCELLED, cls.starts_at > now)

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.kind.value} {self.starts_at:%Y-%m-%d %H:%M}>"


class MeetingParticipant(Base):
    __tablename__ = "session_participants"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(
        enum_type(ParticipantRole, "participant_role"), default=ParticipantRole.PARTICIPANT
    )

    session: Mapped[Meeting] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<MeetingParticipant session={self.session_id} user={self.user_id}>"
