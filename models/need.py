"""Needs written by poles."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.associations import need_themes
from models.base import Base, enum_type, utcnow
from models.enums import NeedKind, NeedStatus
from models.reference import Theme

if TYPE_CHECKING:
    from models.pole import Pole
    from models.user import User


#: What each urgency means, in the words of the need form (« Échéance »).
URGENCY_LABELS: dict[int, str] = {1: "Cela peut attendre", 2: "Dans les prochains mois", 3: "Urgent"}


class Need(Base):
    __tablename__ = "needs"
    __table_args__ = (CheckConstraint("urgency BETWEEN 1 AND 3", name="urgency_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    #: What form of help is wanted.
    kind: Mapped[NeedKind] = mapped_column(enum_type(NeedKind, "need_kind"), default=NeedKind.ANY)
    status: Mapped[NeedStatus] = mapped_column(
        enum_type(NeedStatus, "need_status"), default=NeedStatus.OPEN, index=True
    )
    #: 1 = can wait, 2 = within months, 3 = urgent.
    urgency: Mapped[int] = mapped_column(Integer, default=2)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    #: When a pairing for this need was made or changed status, or a pair was excluded
    #: (models/timestamps.py). Not content: ``updated_at`` does not follow it.
    pairs_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: The key of the form that published it (``app.idempotency``): the same form sent twice publishes once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    pole: Mapped[Pole] = relationship(back_populates="needs")
    author: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=need_themes, order_by=Theme.code)

    @property
    def urgency_label(self) -> str:
        """« Dans les prochains mois » rather than the stored 2."""
        return URGENCY_LABELS.get(self.urgency, str(self.urgency))

    @property
    def profile_text(self) -> str:
        """The text that is embedded and matched: title and body."""
        return f"{self.title}. {self.text}".strip()

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.title!r}>"
