"""A pole's change of region, kept so that a yearly review counts what happened where it happened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class PoleRegionMove(Base):
    """One change of a pole's region (its fiche edited, or an import): the region it left, the one it joined, when.

    A pole's region at an instant is the ``from_region_code`` of its first move after that instant, or its region
    today when it has not moved since (``app.poles.region_history.region_at``).
    """

    __tablename__ = "pole_region_moves"
    __table_args__ = (Index("ix_pole_region_moves_pole_moved", "pole_id", "moved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"))
    from_region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    to_region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    #: Naive UTC, as every instant of the base.
    moved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<PoleRegionMove pole={self.pole_id} {self.from_region_code}→{self.to_region_code} {self.moved_at}>"
