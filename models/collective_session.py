"""Collective sessions: webinars, EU-funds sessions, regional events, the national day.

One collective session has one or several time slots, each a meeting of the scheduling backbone
(``sessions`` rows of kind ``collective``), and one list of registrations with a capacity and a
waitlist. Attendance and feedback are kept on the registration, which is what the yearly review
(bilan) counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean, CheckConstraint, Column, DateTime, ForeignKey, Integer, SmallInteger, String, Table, Text, UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import Audience, CollectiveKind, Maturity, MeetingStatus, RegistrationStatus

if TYPE_CHECKING:
    from models.pole import Pole
    from models.reference import Theme
    from models.meeting import Meeting
    from models.user import User

collective_session_themes = Table(
    "collective_session_themes",
    Base.metadata,
    Column("collective_session_id", ForeignKey("collective_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_code", ForeignKey("themes.code"), primary_key=True),
)

collective_session_invited_poles = Table(
    "collective_session_invited_poles",
    Base.metadata,
    Column("collective_session_id", ForeignKey("collective_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("pole_id", ForeignKey("poles.id", ondelete="CASCADE"), primary_key=True),
)


class CollectiveSession(Base):
    __tablename__ = "collective_sessions"
    __table_args__ = (CheckConstraint("capacity BETWEEN 1 AND 5000", name="capacity_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CollectiveKind] = mapped_column(enum_type(CollectiveKind, "collective_kind"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Free text: « France Active, CGScop ».
    speakers: Mapped[str] = mapped_column(String(300), default="")
    online: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Shown to registered people only, from ``LINK_SHOWN_HOURS_BEFORE`` before the first slot.
    video_url: Mapped[str | None] = mapped_column(String(500))
    place: Mapped[str] = mapped_column(String(300), default="")
    departement_code: Mapped[str | None] = mapped_column(ForeignKey("departements.code"))
    #: Region of the organising CRA (its regional sessions); None for national sessions.
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    #: IANA zone the slots were planned in.
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    capacity: Mapped[int] = mapped_column(Integer)
    #: UTC, naive; registrations close then (None: at the start of the first slot).
    registration_deadline: Mapped[datetime | None] = mapped_column(DateTime)
    audience: Mapped[Audience] = mapped_column(enum_type(Audience, "audience"), default=Audience.ALL)
    audience_region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    audience_maturity: Mapped[Maturity | None] = mapped_column(enum_type(Maturity, "maturity"))
    #: Replay or materials, added by the organiser after the session.
    materials_url: Mapped[str | None] = mapped_column(String(500))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: The organisers' word to the people signed up when they cancelled the whole session (« Message aux
    #: inscrit·es », ``app.agenda.cancellation.cancel``): the page says it to whoever comes later. None: none given.
    cancel_message: Mapped[str | None] = mapped_column(String(400))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The key of the form that published it (``app.idempotency``): the same form sent again publishes nothing more.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    organiser: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=collective_session_themes, order_by="Theme.code")
    invited_poles: Mapped[list[Pole]] = relationship(secondary=collective_session_invited_poles)
    slots: Mapped[list[Meeting]] = relationship(
        back_populates="collective_session", order_by="Meeting.starts_at",
    )
    registrations: Mapped[list[CollectiveRegistration]] = relationship(
        back_populates="collective_session", cascade="all, delete-orphan", order_by="CollectiveRegistration.id",
    )

    @property
    def live_slots(self) -> list[Meeting]:
        """The slots still planned or held: those not cancelled one by one (a session cancelled whole keeps them all,
        to say when it would have been). Its start, its end, when registrations close, when presences are noted
        follow them: the first day cancelled, the session begins on the second."""
        kept = [slot for slot in self.slots if slot.status is not MeetingStatus.CANCELLED]
        return kept or list(self.slots)

    @property
    def starts_at(self) -> datetime | None:
        slots = self.live_slots
        return slots[0].starts_at if slots else None

    @property
    def ends_at(self) -> datetime | None:
        slots = self.live_slots
        return max(s.ends_at for s in slots) if slots else None

    def __repr__(self) -> str:
        return f"<CollectiveSession {self.id} {self.kind.value} {self.title!r}>"


class CollectiveRegistration(Base):
    """A person's place (or a walk-in pole's presence) in a collective session."""

    __tablename__ = "collective_registrations"
    __table_args__ = (
        UniqueConstraint("collective_session_id", "user_id"),
        CheckConstraint("usefulness IS NULL OR usefulness BETWEEN 1 AND 5", name="usefulness_range"),
        CheckConstraint("user_id IS NOT NULL OR pole_id IS NOT NULL", name="someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collective_session_id: Mapped[int] = mapped_column(
        ForeignKey("collective_sessions.id", ondelete="CASCADE"), index=True)
    #: None for a walk-in recorded by pole only.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: The person's pole when they registered (PTCE counted by the bilan).
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("poles.id", ondelete="SET NULL"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus, "registration_status"), default=RegistrationStatus.REGISTERED, index=True)
    #: When the person last asked for a place: the waitlist is served in this order.
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: Bumped on every status change; part of the notification keys (one message per change).
    version: Mapped[int] = mapped_column(Integer, default=0)
    #: Set by the organiser after the session (None: not marked yet).
    attended: Mapped[bool | None] = mapped_column(Boolean)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Cancelled by the team that runs the session (a person who phoned to say they cannot come), not by the person:
    #: the list of those registered says « Désinscrit·e par l'organisation ». Cleared when they register again.
    cancelled_by_organiser: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Once the person deleted their account (``user_id`` emptied): a random token, the same on each of their rows and
    #: linked to nothing else, so that the review still counts them as one person (``app.agenda.bilan``).
    departed_person: Mapped[str | None] = mapped_column(String(32))
    usefulness: Mapped[int | None] = mapped_column(SmallInteger)
    will_reuse: Mapped[str] = mapped_column(Text, default="")
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime)

    collective_session: Mapped[CollectiveSession] = relationship(back_populates="registrations")
    user: Mapped[User | None] = relationship()
    pole: Mapped[Pole | None] = relationship()

    def __repr__(self) -> str:
        return f"<CollectiveRegistration session={self.collective_session_id} user={self.user_id} {self.status.value}>"
