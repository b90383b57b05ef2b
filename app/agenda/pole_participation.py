"""Which poles of a region took part in which collective sessions of the year: the part of a region's review
(bilan) its CRA reads to follow its poles — national sessions (webinars, EU-funds sessions, national day, run by
Avise or Coorace) included, not only those the CRA runs — and the poles that took part in none, to call them.

The year and the sessions are the review's (``bilan.held_sessions``: held, not cancelled, first held slot in the
network's year). Registrations and attendance are told apart:

- « inscrites » : a pole's people registered to the session (not those who unregistered, nor the waitlist);
- « présentes » : those the organisers noted present. A pole that came without registering (a walk-in, noted by
  pole) is present without a number of people. A registration whose presence nobody noted yet is no attendance:
  such sessions are said apart (``SessionAttendance.noted``).

Poles are named as the access policy says (``scopes.pole_participation_listed_to``: a CRA its own region's poles
only); the other regions' poles at a session are one aggregate count (``SessionAttendance.poles_present_all``).
Only poles of the network count (``pole_counted``), as everywhere in the review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, distinct, func, select

from app.access.scopes import of_counted_pole, pole_counted, pole_participation_listed_to
from app.agenda import bilan as review
from app.agenda.bilan import NATIONAL, held_sessions
from app.extensions import db
from app.network.services import region_names
from models import CollectiveKind, CollectiveRegistration, CollectiveSession, Pole, RegistrationStatus


@dataclass(frozen=True)
class PoleAtSession:
    """One pole of the region at one session."""

    pole_id: int
    pole_name: str
    #: People of the pole registered (status « inscrit·e », not walk-ins).
    registered: int
    #: People of the pole noted present.
    present: int
    #: The pole was there: one of its people noted present, or the pole noted as a walk-in.
    came: bool
    walk_in: bool


@dataclass(frozen=True)
class SessionAttendance:
    """A held session of the year, with what the region's poles did there."""

    session_id: int
    title: str
    kind: CollectiveKind
    #: « Niveau national », or the name of the region whose CRA runs it.
    scope: str
    starts_at: datetime
    #: Run for every region's poles (Avise, Coorace: the national programme), not by a CRA.
    national: bool
    #: Have the organisers noted the presences, each registered person present or absent? Until then the review
    #: says « présences à noter » (nobody noted yet, or only at the door while the session went on).
    noted: bool
    #: Distinct poles of the whole network present: an aggregate, naming no one.
    poles_present_all: int
    poles: list[PoleAtSession] = field(default_factory=list)

    @property
    def poles_came(self) -> list[PoleAtSession]:
        return [p for p in self.poles if p.came]

    @property
    def registered(self) -> int:
        return sum(p.registered for p in self.poles)

    @property
    def present(self) -> int:
        return sum(p.present for p in self.poles)


@dataclass(frozen=True)
class PoleYear:
    """One pole of the region over the year."""

    pole_id: int
    name: str
    sessions: list[tuple[SessionAttendance, PoleAtSession]] = field(default_factory=list)

    @property
    def attended(self) -> list[SessionAttendance]:
        """The sessions the pole came to."""
        return [session for session, at in self.sessions if at.came]

    @property
    def registered_only(self) -> list[SessionAttendance]:
        """The sessions its people registered to without being noted present (absent, or presences not noted)."""
        return [session for session, at in self.sessions if not at.came]

    @property
    def present(self) -> int:
        return sum(at.present for _, at in self.sessions)

    @property
    def registered(self) -> int:
        return sum(at.registered for _, at in self.sessions)


@dataclass(frozen=True)
class RegionParticipation:
    year: int
    region_code: str
    sessions: list[SessionAttendance]
    #: Every pole of the region (of the network), those that came to a session first, then by name.
    poles: list[PoleYear]

    @property
    def active(self) -> list[PoleYear]:
        return [p for p in self.poles if p.attended]

    @property
    def idle(self) -> list[PoleYear]:
        """The poles that came to no session of the year (some registered, absent or not yet noted)."""
        return [p for p in self.poles if not p.attended]

    @property
    def national_sessions(self) -> list[SessionAttendance]:
        """The national programme of the year (webinars, EU-funds sessions, national day): said apart, a CRA asks
        whether its poles take part in it besides the sessions it runs."""
        return [s for s in self.sessions if s.national]

    @property
    def national_active(self) -> list[PoleYear]:
        """The region's poles that came to at least one national session."""
        return [p for p in self.poles if any(s.national for s in p.attended)]


def region_participation(*, viewer: Any, year: int, region_code: str,
                         now: datetime | None = None) -> RegionParticipation:
    """The participation of ``region_code``'s poles in the collective sessions held in ``year`` (as at ``now``),
    named as ``viewer`` may see them: a CRA asking another region gets no pole and no session of its poles."""
    now = now or review.utcnow()  # the review's clock: the two parts of the page count at the same instant
    held = held_sessions(year, None, now)
    poles = list(db.session.execute(
        select(Pole.id, Pole.name)
        .where(Pole.region_code == region_code, pole_counted(), pole_participation_listed_to(viewer))
        .order_by(Pole.name, Pole.id)))
    pole_ids = [pole_id for pole_id, _ in poles]
    of_held = CollectiveRegistration.collective_session_id == held.c.id
    registered = CollectiveRegistration.status == RegistrationStatus.REGISTERED
    present = review.participated()
    # A person's registration, not a walk-in pole's; one whose account was deleted since (``user_id`` emptied)
    # still counts: what took place stays.
    walk_in = CollectiveRegistration.walk_in.is_(True)
    person = ~walk_in
    per_pole = db.session.execute(
        select(held.c.id, CollectiveRegistration.pole_id,
               func.count(case((and_(registered, person), 1))),
               func.count(case((and_(present, person), 1))),
               func.count(case((present, 1))),
               func.count(case((and_(present, walk_in), 1))))
        .select_from(held).join(CollectiveRegistration, of_held)
        .where(CollectiveRegistration.pole_id.in_(pole_ids), registered)
        .group_by(held.c.id, CollectiveRegistration.pole_id)).all() if pole_ids else []
    touched = {row[0] for row in per_pole}
    # The sessions listed: the region's poles registered there, or meant for every region's poles (national ones),
    # or run by the region's CRA — a session where none of its poles came is worth saying too.
    listed = (held.c.region_code.is_(None)) | (held.c.region_code == region_code) | held.c.id.in_(touched)
    counted_present = and_(present, of_counted_pole(CollectiveRegistration.pole_id))
    session_rows = db.session.execute(
        select(held.c.id, CollectiveSession.title, held.c.kind, held.c.region_code, held.c.first,
               func.count(CollectiveRegistration.attended),
               func.count(case((and_(registered, person, CollectiveRegistration.attended.is_(None)), 1))),
               func.count(distinct(case((counted_present, CollectiveRegistration.pole_id)))))
        .select_from(held).join(CollectiveSession, CollectiveSession.id == held.c.id)
        .outerjoin(CollectiveRegistration, of_held).where(listed)
        .group_by(held.c.id, CollectiveSession.title, held.c.kind, held.c.region_code, held.c.first)
        .order_by(held.c.first, held.c.id)).all()
    names = dict(poles)
    at: dict[int, list[PoleAtSession]] = {}
    for session_id, pole_id, n_registered, n_present, n_came, n_walk_in in per_pole:
        at.setdefault(session_id, []).append(PoleAtSession(
            pole_id=pole_id, pole_name=names[pole_id], registered=n_registered, present=n_present,
            came=bool(n_came), walk_in=bool(n_walk_in)))
    regions = region_names()
    sessions = [SessionAttendance(
        session_id=sid, title=title, kind=CollectiveKind(kind), scope=regions.get(region, region) if region else NATIONAL,
        starts_at=first, national=region is None, noted=bool(noted) and not unnoted, poles_present_all=all_poles,
        poles=sorted(at.get(sid, []), key=lambda p: (p.pole_name, p.pole_id)))
        for sid, title, kind, region, first, noted, unnoted, all_poles in session_rows]
    years = {pole_id: PoleYear(pole_id=pole_id, name=name) for pole_id, name in poles}
    for session in sessions:
        for pole_at in session.poles:
            years[pole_at.pole_id].sessions.append((session, pole_at))
    ordered = sorted(years.values(), key=lambda p: (not p.attended, p.name, p.pole_id))
    return RegionParticipation(year=year, region_code=region_code, sessions=sessions, poles=ordered)


def participation_csv_rows(region: RegionParticipation) -> list[list[object]]:
    """The part in the review's CSV, after its other tables: one row a pole and a session (a pole that came to none,
    one row saying so), registrations and presences apart."""
    rows: list[list[object]] = [[], ["Participation des pôles de la région", "Session", "Type", "Début", "Périmètre",
                                     "Personnes inscrites", "Personnes présentes", "Pôle venu"]]
    for pole in region.poles:
        for session, at in pole.sessions:
            came = ("oui, sans inscription" if at.walk_in else "oui") if at.came else (
                "non" if session.noted else "présences à noter")
            rows.append([pole.name, session.title, session.kind.label, session.starts_at, session.scope,
                         at.registered, at.present, came])
        if not pole.sessions:
            rows.append([pole.name, "aucune session", "", "", "", 0, 0, "non"])
    national = region.national_sessions
    rows += [[], ["Participation des pôles de la région aux sessions nationales", "Sessions nationales tenues",
                  "Pôles de la région venus", "Pôles de la région", "Personnes inscrites", "Personnes présentes"],
             ["", len(national), len(region.national_active), len(region.poles),
              sum(s.registered for s in national), sum(s.present for s in national)]]
    return rows
