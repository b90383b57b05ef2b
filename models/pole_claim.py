"""A request to run a pole on Entrepairs, decided by its facilitators or an organiser."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, partial_unique_index, utcnow
from models.enums import ClaimState

if TYPE_CHECKING:
    from models.pole import Pole
    from models.user import User


class PoleClaim(Base):
    __tablename__ = "pole_claims"
    __table_args__ = (
        #: A person has at most one request waiting for a decision (they run one pole).
        partial_unique_index("uq_pole_claims_one_pending_per_claimant", "claimant_id", where="state = 'pending'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), index=True)
    claimant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: What the claimant says of their role in the pole; the deciders read it.
    message: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[ClaimState] = mapped_column(enum_type(ClaimState, "pole_claim_state"), default=ClaimState.PENDING)
    #: Who accepted or refused (a facilitator of the pole or an organiser).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    pole: Mapped[Pole] = relationship()
    claimant: Mapped[User] = relationship(foreign_keys=[claimant_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<PoleClaim {self.id} pole={self.pole_id} user={self.claimant_id} {self.state.value}>"
