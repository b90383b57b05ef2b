"""What a regional cell (CRA) or another organiser did with a pole: diagnostic, follow-up, referral."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_type, utcnow
from models.enums import AccompanimentKind, ReferralTarget

if TYPE_CHECKING:
    from models.pole import Pole
    from models.user import User


class Accompaniment(Base):
    __tablename__ = "accompaniments"
    __table_args__ = (
        # A referral says where to; nothing else does.
        CheckConstraint("(kind = 'reorientation') = (referral_target IS NOT NULL)", name="referral_target_iff_referral"),
        # « Autre » names the other scheme.
        CheckConstraint("referral_target IS NULL OR referral_target <> 'other' OR referral_other IS NOT NULL",
                        name="other_referral_named"),
        CheckConstraint("next_step_on IS NULL OR next_step <> ''", name="next_step_dated_only_if_said"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pole_id: Mapped[int] = mapped_column(ForeignKey("poles.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[AccompanimentKind] = mapped_column(enum_type(AccompanimentKind, "accompaniment_kind"))
    referral_target: Mapped[ReferralTarget | None] = mapped_column(enum_type(ReferralTarget, "referral_target"))
    #: The scheme's name when ``referral_target`` is « autre ».
    referral_other: Mapped[str | None] = mapped_column(String(200))
    happened_on: Mapped[date] = mapped_column(Date)
    #: Seen by organisers only, never by the pole.
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(String(300), default="")
    next_step_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: The key of the form that recorded it (``app.idempotency``): the same form sent twice records once.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)

    pole: Mapped[Pole] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def referral_label(self) -> str | None:
        if self.referral_target is None:
            return None
        if self.referral_target is ReferralTarget.OTHER:
            return self.referral_other
        return self.referral_target.label

    def __repr__(self) -> str:
        return f"<Accompaniment {self.id} pole={self.pole_id} {self.kind.value}>"
