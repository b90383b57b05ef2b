"""Who saved an edit form last, per thing edited: the row every edit form's save locks (app/edit_stamps.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class EditStamp(Base):
    """One row per thing saved through an edit form at least once (``"pole:12"``, ``"need:40"``).

    Saving through a form locks this row first, so two saves of the same thing take turns; ``version``
    counts those saves, and the last one's author and time name who changed the thing meanwhile.
    """

    __tablename__ = "edit_stamps"

    #: The kind of thing and its id: ``"pole:12"``.
    target: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    edited_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<EditStamp {self.target} v{self.version}>"
