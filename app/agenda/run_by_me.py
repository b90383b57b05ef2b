"""« Vos sessions collectives » on an organiser's « Mon espace »: the sessions it runs (``policy``'s rule, as
``scopes.collective_session_run_by`` writes it: a CRA its region's, the national team every one), those to come
first, then those held lately or whose presences are still to note — a few of each, read in one statement
whatever the agenda holds (walk 19: a CRA found its own sessions again only through /agenda)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, exists, func, or_, select

from app.access.scopes import collective_session_run_by
from app.agenda.queries import first_start, live_slot_bound, still_listed
from app.extensions import db
from models import CollectiveRegistration, CollectiveSession, Meeting, RegistrationStatus, User, utcnow

#: At most this many sessions to come are named (the agenda lists the others), and this many held ones.
UPCOMING_SHOWN = 5
HELD_SHOWN = 3
#: A session held within these days stays named under « Passées récemment » (its replay to share, its feedback);
#: one whose presences are still to note stays until they are.
RECENT_DAYS = 30


@dataclass(frozen=True)
class RunSession:
    id: int
    title: str
    region_code: str | None
    capacity: int
    starts_at: datetime | None
    ends_at: datetime | None
    #: People registered (waitlist and poles come without registering apart).
    registered: int
    #: Someone registered is not noted present or absent yet (held sessions).
    to_note: bool


@dataclass(frozen=True)
class SessionsRun:
    upcoming: list[RunSession]
    held: list[RunSession]
    #: How many sessions to come there are in all (``upcoming`` names the first ``UPCOMING_SHOWN``).
    upcoming_total: int


def sessions_run_by(user: User, *, now: datetime | None = None) -> SessionsRun:
    """The sessions ``user`` runs, not cancelled: to come (``still_listed``, under way included) by start, then held
    ones, latest first; one statement (a window numbers each group, so each is cut in SQL)."""
    now = now or utcnow()
    of_session = CollectiveRegistration.collective_session_id == CollectiveSession.id
    seated = (CollectiveRegistration.status == RegistrationStatus.REGISTERED,
              CollectiveRegistration.walk_in.is_(False))
    to_note = exists().where(of_session, *seated, CollectiveRegistration.attended.is_(None))
    upcoming = still_listed(now)
    last_end = live_slot_bound(Meeting.ends_at)
    held = case((upcoming, 0), else_=1)
    inner = (select(
        CollectiveSession.id, CollectiveSession.title, CollectiveSession.region_code, CollectiveSession.capacity,
        first_start().label("starts_at"), last_end.label("ends_at"), held.label("held"),
        select(func.count(CollectiveRegistration.id)).where(of_session, *seated).scalar_subquery().label("registered"),
        to_note.label("to_note"),
        func.row_number().over(partition_by=held, order_by=(
            case((held == 1, last_end)).desc(), first_start(), CollectiveSession.id)).label("rank"),
        func.count().over(partition_by=held).label("in_group"))
        .where(collective_session_run_by(user), CollectiveSession.cancelled_at.is_(None),
               or_(upcoming, last_end >= now - timedelta(days=RECENT_DAYS), to_note))
        .subquery())
    rows = db.session.execute(select(inner).where(
        inner.c.rank <= case((inner.c.held == 1, HELD_SHOWN), else_=UPCOMING_SHOWN))
        .order_by(inner.c.held, inner.c.rank)).all()
    found = {0: [], 1: []}
    total = 0
    for row in rows:
        found[row.held].append(RunSession(id=row.id, title=row.title, region_code=row.region_code,
                                          capacity=row.capacity, starts_at=row.starts_at, ends_at=row.ends_at,
                                          registered=row.registered or 0, to_note=bool(row.to_note)))
        if row.held == 0:
            total = row.in_group
    return SessionsRun(upcoming=found[0], held=found[1], upcoming_total=total)
