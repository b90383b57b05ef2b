"""A transfer day of the pair that has begun, for the tests of its report."""

from __future__ import annotations

from datetime import timedelta

from models import Meeting, MeetingKind, PairingDay, PairingStatus, utcnow


def day_begun(db, pair, *, ago: timedelta = timedelta(hours=8), in_progress: bool = True) -> PairingDay:
    """A six-hour day of ``pair`` that began ``ago``; the transfer « en cours » unless ``in_progress`` is False."""
    if in_progress:
        pair.pairing.status = PairingStatus.IN_PROGRESS
    start = utcnow() - ago
    day = PairingDay(pairing=pair.pairing, stage=1, session=Meeting(
        kind=MeetingKind.TRANSFER_DAY, title="Journée", starts_at=start, ends_at=start + timedelta(hours=6)))
    db.add(day)
    db.commit()
    return day
