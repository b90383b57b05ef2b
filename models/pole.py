"""PTCE poles."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ColumnElement, DateTime, ForeignKey, String, Text, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.associations import pole_departements, pole_themes
from models.base import Base, enum_type, utcnow
from models.enums import Maturity
from models.pole_eligibility import PoleEligibility
from models.reference import Departement, Region, Theme

if TYPE_CHECKING:
    from models.need import Need
    from models.user import User


class Pole(Base):
    __tablename__ = "poles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    carrier_structure: Mapped[str | None] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    maturity: Mapped[Maturity] = mapped_column(
        enum_type(Maturity, "pole_maturity"), default=Maturity.EMERGENT
    )
    description: Mapped[str] = mapped_column(Text, default="")
    #: What the pole can show or teach other poles.
    strengths: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    #: The pole agreed to appear on the public map and directory.
    public_listing: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Where the record came from ("import:ptce_signataires_2014.csv", "web").
    source: Mapped[str] = mapped_column(String(120), default="web")
    #: When an organiser confirmed the pole is a real PTCE; a pole created by a new account
    #: stays off the public map and directory until then (imported and demo poles are confirmed).
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Who confirmed it, as a name: not a key to ``users``, which would make a cycle with
    #: ``users.pole_id`` (backups restore tables in dependency order).
    confirmed_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=pole_themes, order_by=Theme.code)
    departements: Mapped[list[Departement]] = relationship(
        secondary=pole_departements, order_by=Departement.code
    )
    needs: Mapped[list[Need]] = relationship(back_populates="pole", cascade="all, delete-orphan")
    facilitators: Mapped[list[User]] = relationship(
        back_populates="pole", foreign_keys="User.pole_id"
    )

    @hybrid_property
    def listed(self) -> bool:
        """Shown publicly: the pole agreed to it and an organiser confirmed it."""
        return bool(self.public_listing and self.confirmed_at is not None)

    @listed.inplace.expression
    @classmethod
    def _listed_expression(cls) -> ColumnElement[bool]:
        return and_(cls.public_listing.is_(True), cls.confirmed_at.is_not(None))

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
    #: What organisers verified (charter, AMI PTCE); None when nothing is.
    eligibility: Mapped[PoleEligibility | None] = relationship(cascade="all, delete-orphan")

    @property
    def is_claimed(self) -> bool:
        return bool(self.facilitators)

    @property
    def charter_signatory(self) -> bool:
        """Verified signatory of the Charte des PTCE (2014 or 2021)."""
        return self.eligibility is not None and self.eligibility.charter_version is not None

    @property
    def ami_laureate(self) -> bool:
        """Verified laureate of the AMI PTCE (phase 1 or 2)."""
        return self.eligibility is not None and self.eligibility.ami_phase is not None

    def __repr__(self) -> str:
        return f"<Pole {self.id} {self.name}>"
