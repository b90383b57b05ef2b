"""A save of the attendance sheet at the door, and whether another person's save came in between.

Two or three organisers tick arrivals at once, each on a phone; a save merges with what the others noted meanwhile
(``attendance_sheet.decided``), so the sheet drawn after it may show boxes this phone never ticked. The sheet carries
the count of saves when it was drawn (``drawn_version``, the session's edit stamp): a save that finds it moved by
someone else says so, once, rather than leaving the organiser to wonder where the ticks came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.agenda import attendance_sheet, services
from app.edit_stamps import last_save
from app.transactions import transactional
from models import CollectiveSession, User


@dataclass(frozen=True)
class SheetSaved:
    #: How many people or poles are present (``services.record_attendance``).
    present: int
    #: What the sheet now notes, in counts (« 1 personne présente, 2 absentes »).
    tally: attendance_sheet.Tally
    #: Another person saved the sheet between the moment this one was drawn and this save.
    others_noted: bool


def drawn_version(session: CollectiveSession) -> int:
    """How many saves the sheet counted when drawn (its hidden ``drawn_version``)."""
    return last_save(services.ATTENDANCE_EDIT, session).version


def sent_version(sent: str | None) -> int | None:
    """The hidden ``drawn_version`` as sent; None when it is not a count (a page older than the field, a hand-made
    request): such a save says nothing of the others."""
    return int(sent) if sent and sent.isdecimal() and len(sent) <= 9 else None


@transactional
def save_sheet(*, session: CollectiveSession, organiser: User, drawn: int | None, **marks: object) -> SheetSaved:
    """``services.record_attendance`` (``marks``: its arguments), the stamp read under its lock first: the saves
    counted since ``drawn`` are others' unless the last one was this organiser's own (another tab)."""
    before = last_save(services.ATTENDANCE_EDIT, session, lock=True)
    present = services.record_attendance(session=session, organiser=organiser, **marks)  # type: ignore[arg-type]
    return SheetSaved(present, attendance_sheet.tally(session.registrations),
                      others_noted=drawn is not None and before.version > drawn and before.by_id != organiser.id)
