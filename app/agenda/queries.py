"""Reading the agenda: the calendar with its filters, a session's counts, what fits a need or a pole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.access.scopes import collective_session_run_by
from app.agenda.services import registrations_closed
from app.extensions import db
from app.scheduling.wall_clock import month_bounds
from models import (
    Audience, CollectiveKind, CollectiveRegistration, CollectiveSession, Meeting, MeetingStatus, Need, Pole,
    RegistrationStatus, Theme, User, utcnow,
)
from models.collective_session import collective_session_themes


@dataclass(frozen=True)
class AgendaFilters:
    kind: CollectiveKind | None = None
    theme: str | None = None
    region: str | None = None
    #: First day of the month shown (None: every upcoming session).
    month: date | None = None
    #: Only the sessions open to this pole.
    for_pole: Pole | None = None
    include_past: bool = False


def first_start() -> ColumnElement[datetime]:
    """When a session begins, as ``CollectiveSession.starts_at`` says: its first slot still planned (a first day
    cancelled on its own, the session begins on the second), its first slot when it is cancelled whole."""
    of_session = Meeting.collective_session_id == CollectiveSession.id
    planned = select(func.min(Meeting.starts_at)).where(of_session, Meeting.status != MeetingStatus.CANCELLED)
    return func.coalesce(planned.scalar_subquery(), select(func.min(Meeting.starts_at)).where(of_session)
                         .scalar_subquery())


#: A session stays on the agenda this long after its last planned slot began (« Session passée » the evening of a
#: webinar held that afternoon), and in any case until that slot has ended (a slot lasting several days).
LISTED_HOURS_AFTER_LAST_START = 12


def live_slot_bound(bound: ColumnElement[datetime]) -> ColumnElement[datetime]:
    """``func.max`` of a slot column over the session's slots as ``CollectiveSession.live_slots`` keeps them: those
    still planned or held, or all of them when the session is cancelled whole."""
    of_session = Meeting.collective_session_id == CollectiveSession.id
    planned = select(func.max(bound)).where(of_session, Meeting.status != MeetingStatus.CANCELLED)
    return func.coalesce(planned.scalar_subquery(), select(func.max(bound)).where(of_session).scalar_subquery())


def still_listed(now: datetime) -> ColumnElement[bool]:
    """Whether a session is still on the agenda's list of sessions to come (the calendar, the public feed, the
    sessions suggested to a need): until its LAST planned slot is over, not its first — the second day of a
    two-day event is still to come after the first (cancelled slots do not count: ``live_slots``)."""
    return or_(live_slot_bound(Meeting.ends_at) > now,
               live_slot_bound(Meeting.starts_at) >= now - timedelta(hours=LISTED_HOURS_AFTER_LAST_START))


def has_slot_in_month(month: date) -> ColumnElement[bool]:
    """Whether a session has a slot in ``month`` (Paris months, ``month_bounds``): one that begins, ends or runs
    through it. A session from 30 November to 2 December is November's and December's, not only its first month's;
    its slots are those ``still_listed`` reads (``live_slots``: the planned ones, or all of a session cancelled
    whole)."""
    start, end = month_bounds(month.year, month.month)
    of_session = Meeting.collective_session_id == CollectiveSession.id
    in_month = and_(Meeting.starts_at < end, Meeting.ends_at > start)
    planned = Meeting.status != MeetingStatus.CANCELLED
    return or_(exists().where(of_session, planned, in_month),
               and_(~exists().where(of_session, planned), exists().where(of_session, in_month)))


@dataclass(frozen=True)
class UnderWay:
    """Where a session over several slots stands once begun: its slot under way, else its next one (numbered as at
    publication, ``slot_times.slot_title``: « créneau 2 sur 3 »)."""

    slot: Meeting
    number: int
    of: int


def under_way(session: CollectiveSession, now: datetime) -> UnderWay | None:
    """The slot a session is at between its first start and its last end (the one under way, else the next to come;
    cancelled slots skipped): what its card shows while it stays listed (``still_listed``) rather than its first
    day, already past. A single slot counts too (``of`` 1: the card says « En cours » with no number), or its card
    read as a session to come whose registrations closed. None before it begins, once over, or cancelled."""
    first = session.starts_at
    if session.cancelled_at is not None or first is None or first > now:
        return None
    slot = next((slot for slot in session.live_slots if slot.ends_at > now), None)
    if slot is None:
        return None
    return UnderWay(slot=slot, number=session.slots.index(slot) + 1, of=len(session.slots))


def _open_to_pole(pole: Pole):  # noqa: ANN202 - a SQL condition
    invited = CollectiveSession.invited_poles.any(Pole.id == pole.id)
    return or_(CollectiveSession.audience == Audience.ALL,
               and_(CollectiveSession.audience == Audience.REGION,
                    CollectiveSession.audience_region_code == pole.region_code),
               and_(CollectiveSession.audience == Audience.MATURITY,
                    CollectiveSession.audience_maturity == pole.maturity),
               and_(CollectiveSession.audience == Audience.INVITED, invited))


def agenda(filters: AgendaFilters, *, now: datetime | None = None) -> list[CollectiveSession]:
    """Sessions by first slot; upcoming ones unless ``include_past``; cancelled ones shown too (marked)."""
    now = now or utcnow()
    first = first_start()
    query = select(CollectiveSession).where(first.is_not(None))
    if filters.month is not None:
        # The month in Paris, as the cards read: a session at 0 h 30 on 1 February there (23 h 30 UTC) is February's.
        query = query.where(has_slot_in_month(filters.month))
    elif not filters.include_past:
        query = query.where(still_listed(now))
    if filters.kind is not None:
        query = query.where(CollectiveSession.kind == filters.kind)
    if filters.theme:
        query = query.where(exists().where(collective_session_themes.c.collective_session_id == CollectiveSession.id,
                                           collective_session_themes.c.theme_code == filters.theme))
    if filters.region:
        query = query.where(or_(CollectiveSession.region_code == filters.region,
                                CollectiveSession.audience_region_code == filters.region))
    if filters.for_pole is not None:
        query = query.where(_open_to_pole(filters.for_pole))
    query = query.options(selectinload(CollectiveSession.slots), selectinload(CollectiveSession.themes))
    return list(db.session.scalars(query.order_by(first, CollectiveSession.id)))


@dataclass(frozen=True)
class Counts:
    registered: int
    waitlisted: int
    attended: int
    capacity: int

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.registered, 0)


def counts_of(sessions: Sequence[CollectiveSession]) -> dict[int, Counts]:
    """The counts of several sessions in two queries (the calendar lists many)."""
    ids = [s.id for s in sessions]
    if not ids:
        return {}
    by_status: dict[int, dict] = {i: {} for i in ids}
    for session_id, status, n in db.session.execute(
            select(CollectiveRegistration.collective_session_id, CollectiveRegistration.status,
                   func.count(CollectiveRegistration.id))
            .where(CollectiveRegistration.collective_session_id.in_(ids), CollectiveRegistration.walk_in.is_(False))
            .group_by(CollectiveRegistration.collective_session_id, CollectiveRegistration.status)):
        by_status[session_id][status] = n
    attended = dict(db.session.execute(
        select(CollectiveRegistration.collective_session_id, func.count(CollectiveRegistration.id))
        .where(CollectiveRegistration.collective_session_id.in_(ids), CollectiveRegistration.attended.is_(True))
        .group_by(CollectiveRegistration.collective_session_id)).all())
    return {s.id: Counts(registered=by_status[s.id].get(RegistrationStatus.REGISTERED, 0),
                         waitlisted=by_status[s.id].get(RegistrationStatus.WAITLISTED, 0),
                         attended=attended.get(s.id, 0), capacity=s.capacity) for s in sessions}


def registrations_of(user: User | None, sessions: Sequence[CollectiveSession]) -> dict[int, CollectiveRegistration]:
    """``user``'s registration to each of ``sessions`` that has one, in one query."""
    if user is None or not user.is_authenticated or not sessions:
        return {}
    rows = db.session.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.user_id == user.id,
        CollectiveRegistration.collective_session_id.in_([s.id for s in sessions])))
    return {r.collective_session_id: r for r in rows}


def counts(session: CollectiveSession) -> Counts:
    return counts_of([session])[session.id]


def registration_of(session: CollectiveSession, user: User | None) -> CollectiveRegistration | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(select(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session.id, CollectiveRegistration.user_id == user.id))


def waitlist_position(registration: CollectiveRegistration) -> int:
    return (db.session.scalar(select(func.count(CollectiveRegistration.id)).where(
        CollectiveRegistration.collective_session_id == registration.collective_session_id,
        CollectiveRegistration.status == RegistrationStatus.WAITLISTED,
        or_(CollectiveRegistration.requested_at < registration.requested_at,
            and_(CollectiveRegistration.requested_at == registration.requested_at,
                 CollectiveRegistration.id < registration.id)))) or 0) + 1


def registrations(session: CollectiveSession) -> list[CollectiveRegistration]:
    """The session's registrations with their people and poles, in one query (joined: each has at most one of
    each; a national day's 420 read a third faster than with two more queries by their ids)."""
    return list(db.session.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session.id)
        .options(joinedload(CollectiveRegistration.user), joinedload(CollectiveRegistration.pole))
        .order_by(CollectiveRegistration.status, CollectiveRegistration.requested_at, CollectiveRegistration.id)))


def attended_by_pole(pole_id: int) -> list[CollectiveSession]:
    """Sessions someone of the pole attended (or the pole came as a walk-in), latest first."""
    ids = select(CollectiveRegistration.collective_session_id).where(
        CollectiveRegistration.pole_id == pole_id, CollectiveRegistration.attended.is_(True))
    sessions = list(db.session.scalars(select(CollectiveSession).where(CollectiveSession.id.in_(ids))
                                       .options(selectinload(CollectiveSession.slots))))
    return sorted(sessions, key=lambda s: s.starts_at or datetime.min, reverse=True)


def sessions_awaiting_attendance(viewer: User, *, now: datetime | None = None) -> list[CollectiveSession]:
    """The sessions ``viewer`` runs that are over and where someone registered is not noted present or absent
    (``attended`` None): nobody noted the presences yet, or only at the door while the session went on (those not
    ticked then stay not noted until a save after the end), oldest first. Until then the year's review counts
    only those noted present."""
    now = now or utcnow()
    last_end = (select(func.max(Meeting.ends_at))
                .where(Meeting.collective_session_id == CollectiveSession.id, Meeting.status != MeetingStatus.CANCELLED)
                .scalar_subquery())
    of_session = CollectiveRegistration.collective_session_id == CollectiveSession.id
    not_noted = exists().where(of_session, CollectiveRegistration.status == RegistrationStatus.REGISTERED,
                               CollectiveRegistration.walk_in.is_(False), CollectiveRegistration.attended.is_(None))
    return list(db.session.scalars(
        select(CollectiveSession)
        .where(CollectiveSession.cancelled_at.is_(None), last_end <= now, not_noted,
               collective_session_run_by(viewer))
        .order_by(last_end, CollectiveSession.id)))


def theme_choices() -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in db.session.scalars(select(Theme).order_by(Theme.label))]


@dataclass(frozen=True)
class SessionForNeed:
    session: CollectiveSession
    shared_themes: list[str]

    inferred: bool = False

    @property
    def reason(self) -> str:
        noun = "Thème" if len(self.shared_themes) == 1 else "Thèmes"
        whose = "déduit du texte du besoin" if self.inferred and len(self.shared_themes) == 1 else (
            "déduits du texte du besoin" if self.inferred else "du besoin")
        return f"{noun} {whose} : {', '.join(self.shared_themes)}."


def sessions_for_need(need: Need, *, k: int = 3, now: datetime | None = None,
                      inferred: Sequence[str] = ()) -> list[SessionForNeed]:
    """Upcoming sessions open to the need's pole whose themes meet the need's themes (declared, else
    ``inferred`` from its text by the theme model: a need telling of EU funds meets the EU-funds session)."""
    codes = {t.code for t in need.themes} or set(inferred)
    if not codes or need.pole is None:
        return []
    found = []
    for session in agenda(AgendaFilters(for_pole=need.pole), now=now):
        if session.cancelled_at is not None or registrations_closed(session, now):
            continue
        shared = [t.label for t in session.themes if t.code in codes]
        if shared:
            found.append(SessionForNeed(session=session, shared_themes=shared, inferred=not need.themes))
    found.sort(key=lambda f: (-len(f.shared_themes), f.session.starts_at))
    return found[:k]


def sessions_version() -> tuple:
    """What ``sessions_for_need`` reads besides the need: a page showing sessions is kept under it."""
    return tuple(db.session.execute(select(
        func.count(CollectiveSession.id), func.max(CollectiveSession.updated_at),
        func.count(CollectiveRegistration.id), func.max(CollectiveRegistration.requested_at),
    ).select_from(CollectiveSession).outerjoin(CollectiveRegistration)).one())
