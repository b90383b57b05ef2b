"""The organisations the people who run the network belong to (Avise, Coorace, a CRA, a law firm...)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import OrganisationKind

if TYPE_CHECKING:
    from models.reference import Region


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (
        #: A regional cell always has its region; no other kind is tied to one.
        CheckConstraint("(kind = 'cra') = (region_code IS NOT NULL)", name="cra_has_region"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, "organisation_kind"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: CRA only: the region whose named data its members see.
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    region: Mapped[Region | None] = relationship()

    @property
    def is_regional(self) -> bool:
        return self.kind is OrganisationKind.CRA

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind.value} {self.name}>"


#: « Avise » and « avise » are one organisation: two created at once could not both pass the service's check of the
#: name and both be written (migration 0038). PostgreSQL only, as ``prefix_index``: SQLite makes expression indexes
#: but does not reflect them (the migrations' test could not see it), and SQLite serialises writers anyway.
Index("uq_organisations_name_ci", func.lower(Organisation.name), unique=True).ddl_if(dialect="postgresql")
