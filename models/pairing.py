"""Know-how transfer pairings (a pole's need ↔ a resource person), their history and their days."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import DELETED_ACCOUNT, Base, enum_type, partial_unique_index, utcnow
from models.enums import PairingStatus

if TYPE_CHECKING:
    from models.need import Need
    from models.resource_person import Offer, ResourcePerson
    from models.meeting import Meeting
    from models.user import User


#: Statuses of a pairing still going somewhere (``PairingStatus.is_open``), as SQL for the partial index.
OPEN_PAIRING_SQL = "status IN ({})".format(", ".join(f"'{s.value}'" for s in PairingStatus if s.is_open))


class Pairing(Base):
    __tablename__ = "pairings"
    __table_args__ = (
        #: The database itself refuses a second open transfer for one need and one person.
        partial_unique_index("uq_pairings_one_open_per_pair", "need_id", "resource_person_id",
                             where=OPEN_PAIRING_SQL),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    #: None once the resource person deleted their account: the transfer stays the pole's history.
    resource_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("resource_persons.id", ondelete="SET NULL"), index=True
    )
    #: The offer the pairing came from, when known (a suggestion or a request names one).
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"))
    status: Mapped[PairingStatus] = mapped_column(
        enum_type(PairingStatus, "pairing_status"), default=PairingStatus.SUGGESTED, index=True
    )
    #: Affinity score when the pairing was made (engine's cosine-like score).
    score: Mapped[float | None] = mapped_column(Float)
    #: Why the engine proposed it (shared themes, words, distance...), as stored at creation.
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The facilitator who asked for this resource person (status requested).
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Whoever created the row (facilitator or organiser).
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The batch run whose approval created this pairing, if any.
    batch_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("batch_runs.id", ondelete="SET NULL"), index=True
    )
    #: Message from the requester to the resource person.
    message: Mapped[str] = mapped_column(Text, default="")
    #: Hidden field of the request and proposal forms: the same form posted twice makes one pairing.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Reason given when declined or cancelled.
    decision_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    #: When the status last changed (reminders and expiry count from here).
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    #: When the resource person accepted or declined.
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)

    need: Mapped[Need] = relationship()
    resource_person: Mapped[ResourcePerson | None] = relationship()
    offer: Mapped[Offer | None] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    events: Mapped[list[PairingEvent]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", order_by="PairingEvent.id"
    )
    days: Mapped[list[PairingDay]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", order_by="PairingDay.stage"
    )

    @property
    def resource_person_name(self) -> str:
        """The resource person's name, or « Compte supprimé » once they left."""
        person = self.resource_person
        return person.user.display_name if person is not None else DELETED_ACCOUNT

    @property
    def offered_by_person(self) -> bool:
        """A request the resource person made themself (« Je peux aider »), not one a pole made."""
        person = self.resource_person
        return self.requested_by_id is not None and person is not None and self.requested_by_id == person.user_id

    def __repr__(self) -> str:
        return f"<Pairing {self.id} need={self.need_id} rp={self.resource_person_id} {self.status.value}>"


class PairingEvent(Base):
    """One step of a pairing's history: who moved it from which status to which, when."""

    __tablename__ = "pairing_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"), index=True)
    #: None when the system acted (``by_system``) or when the person who acted deleted their account.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The platform took the step itself (expiry, a departure's cancellation), not a person.
    by_system: Mapped[bool] = mapped_column(default=False, server_default=false())
    from_status: Mapped[PairingStatus | None] = mapped_column(
        enum_type(PairingStatus, "pairing_event_from")
    )
    to_status: Mapped[PairingStatus] = mapped_column(enum_type(PairingStatus, "pairing_event_to"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    pairing: Mapped[Pairing] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    @property
    def actor_name(self) -> str:
        """Who took the step, as the history shows it."""
        if self.actor is not None:
            return self.actor.display_name
        return "Entrepairs (automatique)" if self.by_system else DELETED_ACCOUNT

    def __repr__(self) -> str:
        return f"<PairingEvent {self.pairing_id} {self.from_status}→{self.to_status}>"


class PairingDay(Base):
    """A planned transfer day (a Meeting of kind TRANSFER_DAY) belonging to a pairing."""

    __tablename__ = "pairing_days"
    __table_args__ = (UniqueConstraint("session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairings.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    #: 1 for the first day, 2 for the second stage...
    stage: Mapped[int] = mapped_column(Integer, default=1)
    label: Mapped[str] = mapped_column(String(200), default="")
    #: The day's short report, written by the pair after it: what was done, the next step.
    report_done: Mapped[str] = mapped_column(Text, default="", server_default="")
    report_next: Mapped[str] = mapped_column(Text, default="", server_default="")
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)

    pairing: Mapped[Pairing] = relationship(back_populates="days")
    session: Mapped[Meeting] = relationship()

    def __repr__(self) -> str:
        return f"<PairingDay pairing={self.pairing_id} stage={self.stage}>"
