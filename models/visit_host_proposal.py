"""A pole's proposal to host a learning visit: the theme(s), what visitors would see, when, how many people.

Only national organisers create visits (they gather poles of several regions); a pole says here that it
can host one, and the organisers turn the proposal into a visit or decline it with a message to the pole.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import HostProposalStatus

if TYPE_CHECKING:
    from models.pole import Pole
    from models.reference import Theme
    from models.user import User
    from models.visit import LearningVisit

visit_host_proposal_themes = Table(
    "visit_host_proposal_themes",
    Base.metadata,
    Column("proposal_id", ForeignKey("visit_host_proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_code", ForeignKey("themes.code"), primary_key=True),
)


class VisitHostProposal(Base):
    __tablename__ = "visit_host_proposals"
    __table_args__ = (
        CheckConstraint("visitors BETWEEN 1 AND 200", name="visitors_range"),
        CheckConstraint("last_month IS NULL OR first_month IS NOT NULL", name="last_month_after_a_first"),
        CheckConstraint("last_month IS NULL OR last_month >= first_month", name="months_in_order"),
        # A converted proposal names its visit (unless the visit was deleted since); an open one has no decision.
        CheckConstraint("status <> 'open' OR decided_at IS NULL", name="open_undecided"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: What the visiting poles would see and learn (the proposal's heart).
    what_to_see: Mapped[str] = mapped_column(Text)
    #: Possible periods in the pole's words (« au printemps, hors vacances scolaires »), and/or a month range.
    periods: Mapped[str] = mapped_column(String(300), default="")
    #: First day of the first and last possible months.
    first_month: Mapped[date | None] = mapped_column(Date)
    last_month: Mapped[date | None] = mapped_column(Date)
    #: How many visiting people the pole can receive (people, not poles).
    visitors: Mapped[int] = mapped_column(Integer)
    status: Mapped[HostProposalStatus] = mapped_column(
        enum_type(HostProposalStatus, "host_proposal_status"), default=HostProposalStatus.OPEN, index=True)
    #: The organisers' message to the pole when they decline.
    decision_message: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("learning_visits.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: The key of the form that made it (``app.idempotency``): the same form sent twice proposes once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    pole: Mapped[Pole] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    visit: Mapped[LearningVisit | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=visit_host_proposal_themes, order_by="Theme.code")

    @property
    def is_open(self) -> bool:
        return self.status is HostProposalStatus.OPEN

    def __repr__(self) -> str:
        return f"<VisitHostProposal {self.id} pole={self.pole_id} {self.status.value}>"
