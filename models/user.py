"""Accounts of every kind of user."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import Role
from models.notification import Notification

if TYPE_CHECKING:
    from models.organisation import Organisation
    from models.pole import Pole
    from models.reference import Region


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; unique.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_type(Role, "user_role"), default=Role.FACILITATOR)
    #: Set when the address was confirmed by the signed link; login needs it.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Bumped on password change and logout-everywhere: invalidates old sessions and tokens.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    #: Bumped when a change of address is asked and when the address changes: a link to confirm a new address
    #: carries it, so only the last one asked works (the older ones die, even if the address comes back).
    email_change_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Notices under the bell not read yet, counted from ``notifications`` (index ``ix_notifications_user_unread``)
    #: when read, never stored: ringing a bell only inserts a notice, it never writes the account's row, which
    #: bookings and deactivations lock first (``app.locks``); a counter there made a booking that held a slot wait
    #: for the lawyer's row that the lawyer's deactivation held while it waited for the slot. Deferred: the user
    #: loader reads it in the same statement (``app.auth.loader``); elsewhere it costs a query when read.
    unread_notifications: Mapped[int] = column_property(
        select(func.count()).where(Notification.user_id == id, Notification.read_at.is_(None))
        .correlate_except(Notification).scalar_subquery(), deferred=True)
    #: Facilitators: the pole they run (claimed or created).
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("poles.id", ondelete="SET NULL"), index=True)
    #: Organisers of a regional cell (CRA): their region (their organisation's); empty for national organisers.
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    #: The organisation the person works for (Avise, Coorace, a CRA, a law firm...).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    #: IANA zone for showing times; derived from the region when empty.
    timezone: Mapped[str | None] = mapped_column(String(64))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    pole: Mapped[Pole | None] = relationship(back_populates="facilitators", foreign_keys=[pole_id])
    region: Mapped[Region | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    # The three members Flask-Login expects of a user object (plain Python, no Flask import).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Session key: the id and the session version, so bumping the version logs out."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles or self.role is Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"
