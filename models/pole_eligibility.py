"""What organisers verified about a pole's place in the national scheme: charter and AMI PTCE."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_type, utcnow
from models.enums import CharterVersion


class PoleEligibility(Base):
    """One row per pole whose charter signature or AMI result an organiser recorded.

    A pole without a row has nothing verified. The pole's own form never writes here.
    """

    __tablename__ = "pole_eligibility"
    __table_args__ = (
        CheckConstraint("ami_phase IS NULL OR ami_phase IN (1, 2)", name="ami_phase_1_or_2"),
        CheckConstraint("ami_year IS NULL OR ami_phase IS NOT NULL", name="ami_year_needs_phase"),
        CheckConstraint("ami_year IS NULL OR ami_year BETWEEN 2013 AND 2100", name="ami_year_range"),
        CheckConstraint("charter_signed_on IS NULL OR charter_version IS NOT NULL", name="charter_date_needs_version"),
    )

    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), primary_key=True)
    #: Set when the pole signed the Charte des PTCE (the version it signed).
    charter_version: Mapped[CharterVersion | None] = mapped_column(enum_type(CharterVersion, "charter_version"))
    #: Unknown for the signatories imported from the 2014 list.
    charter_signed_on: Mapped[date | None] = mapped_column(Date)
    #: Highest phase of the AMI PTCE the pole won (2 implies 1); empty when not a laureate.
    ami_phase: Mapped[int | None] = mapped_column(Integer)
    ami_year: Mapped[int | None] = mapped_column(Integer)
    #: Who recorded it last (empty for imports of the official list).
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<PoleEligibility pole={self.pole_id} charter={self.charter_version} ami={self.ami_phase}>"
