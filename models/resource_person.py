"""Resource persons (Compagnons PTCE) and the know-how they offer."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.associations import offer_themes
from models.base import Base, enum_type, utcnow
from models.enums import Mobility, ValidationStatus
from models.reference import Departement, Region, Theme

if TYPE_CHECKING:
    from models.pole import Pole
    from models.user import User

#: Transfers a resource person takes per calendar year: two unless the profile says otherwise (no source
#: sets a number: the form proposes two and says it is a default); a profile may say from none to twelve.
DEFAULT_YEARLY_CAPACITY = 2
MAX_YEARLY_CAPACITY = 12


class ResourcePerson(Base):
    __tablename__ = "resource_persons"
    __table_args__ = (
        CheckConstraint(f"yearly_capacity BETWEEN 0 AND {MAX_YEARLY_CAPACITY}", name="capacity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: The pole the person works in (or worked in): never paired with its own needs.
    pole_id: Mapped[int | None] = mapped_column(ForeignKey("poles.id", ondelete="SET NULL"))
    employer: Mapped[str | None] = mapped_column(String(200))
    headline: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    departement_code: Mapped[str | None] = mapped_column(ForeignKey("departements.code"))
    #: Transfers the person can take per calendar year (Avise's rule: two by default, at most twelve).
    yearly_capacity: Mapped[int] = mapped_column(Integer, default=DEFAULT_YEARLY_CAPACITY)
    mobility: Mapped[Mobility] = mapped_column(
        enum_type(Mobility, "rp_mobility"), default=Mobility.BOTH
    )
    availability: Mapped[str] = mapped_column(Text, default="")
    #: A new profile waits for an organiser before it appears in the directory or the suggestions.
    validation_status: Mapped[ValidationStatus] = mapped_column(
        enum_type(ValidationStatus, "rp_validation_status"), default=ValidationStatus.PENDING, index=True
    )
    #: Told to the person when an organiser refuses the profile.
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    validated_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: Any change to the profile (region, pole, capacity…) refreshes the suggestion index.
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    pole: Mapped[Pole | None] = relationship()
    region: Mapped[Region] = relationship()
    departement: Mapped[Departement | None] = relationship()
    offers: Mapped[list[Offer]] = relationship(
        back_populates="resource_person", cascade="all, delete-orphan", order_by="Offer.id"
    )

    @property
    def is_validated(self) -> bool:
        return self.validation_status is ValidationStatus.VALIDATED

    def __repr__(self) -> str:
        return f"<ResourcePerson {self.id} user={self.user_id}>"


class Offer(Base):
    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_person_id: Mapped[int] = mapped_column(
        ForeignKey("resource_persons.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    #: The key of the form that published it (``app.idempotency``): the same form sent twice publishes once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    resource_person: Mapped[ResourcePerson] = relationship(back_populates="offers")
    themes: Mapped[list[Theme]] = relationship(secondary=offer_themes, order_by=Theme.code)

    @property
    def profile_text(self) -> str:
        return f"{self.title}. {self.text}".strip()

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.title!r}>"
