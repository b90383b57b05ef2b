"""The « appui renforcé » queue of a regional cell (CRA).

The seed note asks the CRA to follow closely the poles « en création et émergents ». A pole is
in the queue when it is in creation or emerging, has open needs, and nothing happened with it
for ``REINFORCED_SUPPORT_MONTHS`` months: no transfer for its needs (created or moved), no
learning visit it hosted or joined, no accompaniment. Each row says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.scheduling.wall_clock import day_of
from app.typography import alphabetical
from app.typography import count as count_of
from models import (
    Accompaniment, LearningVisit, Maturity, Need, NeedStatus, Pairing, Pole, VisitRegistration,
    VisitRegistrationStatus, utcnow,
)


@dataclass(frozen=True)
class QueueEntry:
    pole: Pole
    open_needs: int
    #: Latest contact of any kind (transfer, visit, accompaniment), None when never.
    last_contact: date | None
    reason: str


def _months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    last_day = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
                31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, last_day))


def _as_date(value: date | datetime | str | None) -> date | None:
    """The day of a contact: a date as it is, an instant (naive UTC) on the day it was in Paris (a transfer changed
    at 23 h 30 UTC on 3 June was on 4 June for the network)."""
    if value is None:
        return None
    if isinstance(value, str):  # SQLite returns MAX() as text: a date, or a datetime
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(value, datetime):
        return day_of(value)
    return value


def _latest_by_pole(pole_ids: list[int]) -> dict[int, date]:
    """The latest transfer, visit or accompaniment of each pole (three grouped queries)."""
    latest: dict[int, date] = {}

    def keep(rows: list) -> None:
        for pole_id, when in rows:
            day = _as_date(when)
            if day is not None and (pole_id not in latest or day > latest[pole_id]):
                latest[pole_id] = day

    keep(db.session.execute(
        select(Need.pole_id, func.max(Pairing.status_changed_at)).join(Need, Need.id == Pairing.need_id)
        .where(Need.pole_id.in_(pole_ids)).group_by(Need.pole_id)).all())
    keep(db.session.execute(
        select(LearningVisit.host_pole_id, func.max(LearningVisit.start_date))
        .where(LearningVisit.host_pole_id.in_(pole_ids)).group_by(LearningVisit.host_pole_id)).all())
    keep(db.session.execute(
        select(VisitRegistration.pole_id, func.max(LearningVisit.start_date))
        .join(LearningVisit, LearningVisit.id == VisitRegistration.visit_id)
        .where(VisitRegistration.pole_id.in_(pole_ids),
               VisitRegistration.status.in_((VisitRegistrationStatus.REGISTERED, VisitRegistrationStatus.WAITLISTED)))
        .group_by(VisitRegistration.pole_id)).all())
    keep(db.session.execute(
        select(Accompaniment.pole_id, func.max(Accompaniment.happened_on))
        .where(Accompaniment.pole_id.in_(pole_ids)).group_by(Accompaniment.pole_id)).all())
    return latest


def _open_needs_text(count: int) -> str:
    return count_of(count, "besoin ouvert")


def reinforced_support_queue(*, region_code: str | None, today: date | None = None,
                             months: int | None = None) -> list[QueueEntry]:
    """Poles of ``region_code`` (every region when None) needing « appui renforcé », longest silent first."""
    today = today or day_of(utcnow())  # the network's day, not the server's
    months = months if months is not None else current_app.config["REINFORCED_SUPPORT_MONTHS"]
    since = _months_before(today, months)
    query = (
        select(Pole, func.count(Need.id)).join(Need, Need.pole_id == Pole.id)
        .where(Pole.maturity.in_((Maturity.EN_CREATION, Maturity.EMERGENT)), Need.status == NeedStatus.OPEN)
        .group_by(Pole.id).order_by(Pole.name)
    )
    if region_code is not None:
        query = query.where(Pole.region_code == region_code)
    candidates = db.session.execute(query).all()
    latest = _latest_by_pole([pole.id for pole, _ in candidates]) if candidates else {}
    entries = []
    for pole, open_needs in candidates:
        last = latest.get(pole.id)
        if last is not None and last >= since:
            continue
        silence = (f"dernier contact le {last.strftime('%d/%m/%Y')}" if last is not None
                   else "jamais accompagné ni mis en relation")
        reason = (f"{pole.maturity.label}, {_open_needs_text(open_needs)} ; aucun transfert, visite "
                  f"ni accompagnement depuis {months} mois ({silence}).")
        entries.append(QueueEntry(pole=pole, open_needs=open_needs, last_contact=last, reason=reason))
    return sorted(entries, key=lambda e: (e.last_contact or date.min, alphabetical(e.pole.name)))
