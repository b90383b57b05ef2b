"""The yearly review (bilan) in the shape of annex 2 of the national note: per kind of collective
session — sessions, participations, distinct people, distinct PTCE, averages per session — by
region and in total, beside the transfers, learning visits and Juri-PTCE figures.

A review counts what happened: a meeting (collective session slot, visit day, Juri-PTCE slot) counts
once it is held at the moment of the review (``Meeting.held_by``: not cancelled, begun); the visits and
consultations of the year still to come are counted apart (« à venir »), never among those held. A visit's
registrations are not its attendance: the poles that came, and their people, are those the organisers noted
(``app.visits.attendance``), and a visit held whose presences nobody noted yet is said apart.

It counts the poles of the network as the access policy says (``pole_counted``, ``of_counted_pole``): the
transfers, visits, consultations and experience sheets of a pole awaiting confirmation are in none of its figures,
nor is that pole among the PTCE of a session (the people who attended, whoever they are, are counted).

Every figure is a SQL aggregate; ``tests/app/agenda/test_bilan.py`` checks them against counts
taken directly in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import ColumnElement, and_, case, distinct, exists, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.selectable import Subquery

from app.access.scopes import of_counted_pole, pole_counted
from app.extensions import db
from app.network.services import region_names
from app.poles.region_history import moves_in_year, region_at
from app.scheduling.wall_clock import NETWORK_ZONE, year_bounds
from app.transfers.states import COMMITTED_STATUSES
from wording import count, to_tenth
from models import (
    Accompaniment, AccompanimentKind,
    Booking, BookingStatus, CollectiveKind, CollectiveRegistration, CollectiveSession, ExperienceSheet, LearningVisit,
    LegalSlot,
    Need, Pairing, PairingStatus, Pole, Meeting, RegistrationStatus, VisitRegistration, VisitRegistrationStatus,
    utcnow,
)

NATIONAL = "Niveau national"
#: The scope of a kind's total row, and the label of the row that adds up every kind.
TOTAL = "Total"
ALL_KINDS = "Toutes les sessions"


@dataclass(frozen=True)
class BilanRow:
    #: None on the row that adds up every kind (``Bilan.overall``).
    kind: CollectiveKind | None
    #: Region name, or « Niveau national » for national sessions; « Total » on total rows.
    scope: str
    sessions: int
    participations: int
    people: int
    ptce: int

    @property
    def label(self) -> str:
        return self.kind.label if self.kind is not None else ALL_KINDS

    @property
    def participants_per_session(self) -> float:
        return self.participations / self.sessions if self.sessions else 0.0

    @property
    def ptce_per_session(self) -> float:
        """Average number of distinct PTCE per session (computed per session, then averaged)."""
        return self._ptce_sessions / self.sessions if self.sessions else 0.0

    _ptce_sessions: int = 0


#: How the review names each kind of accompaniment, singular and plural.
ACCOMPANIMENT_WORDS = {AccompanimentKind.DIAGNOSTIC: ("diagnostic de besoins", "diagnostics de besoins"),
                       AccompanimentKind.FOLLOW_UP: ("suivi", "suivis"),
                       AccompanimentKind.REFERRAL: ("réorientation", "réorientations")}


@dataclass(frozen=True)
class OneToOne:
    transfers_started: int
    transfers_completed: int
    #: Visits of the year whose first day is held (``Meeting.held_by``), and the poles registered to them.
    visits_held: int
    visiting_poles: int
    #: Confirmed consultations of the year whose slot is held, and the poles they received.
    legal_bookings: int
    legal_poles: int
    #: Experience sheets published in the year (what transfers handed back to the network).
    experience_sheets: int = 0
    #: Visits and confirmed consultations of the year still to come (not cancelled, not begun).
    visits_to_come: int = 0
    legal_bookings_to_come: int = 0
    #: Who came to the visits held, as the organisers noted it (``app.visits.attendance``): distinct poles present
    #: and their people; and the visits held with poles registered whose presences nobody noted yet (their
    #: registrations only are known: they are counted apart, never as poles that came).
    visit_poles_present: int = 0
    visit_people_present: int = 0
    visits_to_note: int = 0
    #: What the CRA and the national team did with poles (diagnostics, follow-ups, referrals: ``Accompaniment``),
    #: dated in the year, per kind; and the distinct poles accompanied.
    accompaniments: dict[AccompanimentKind, int] = field(default_factory=dict)
    accompanied_poles: int = 0

    @property
    def accompaniments_total(self) -> int:
        return sum(self.accompaniments.values())

    @property
    def accompaniments_said(self) -> list[str]:
        """« 2 diagnostics de besoins », « 1 suivi »…: the kinds held in the year, each with its count."""
        return [count(n, *ACCOMPANIMENT_WORDS[kind]) for kind, n in self.accompaniments.items()]


@dataclass(frozen=True)
class Bilan:
    year: int
    region_code: str | None
    rows: list[BilanRow]
    totals: list[BilanRow]
    one_to_one: OneToOne
    #: Every kind together (distinct people and PTCE over all sessions, not a sum of the kinds' rows).
    overall: BilanRow | None = None
    #: A region's review: how many poles left the region and how many joined it in the year (``moves_in_year``).
    moves: tuple[int, int] = (0, 0)

    @property
    def moves_said(self) -> str:
        """« 1 pôle a quitté la région et 2 l'ont rejointe », or nothing when no pole moved in the year."""
        left, joined = self.moves
        said = []
        if left:
            said.append(f"{count(left, 'pôle')} {'a' if left == 1 else 'ont'} quitté la région")
        if joined:
            who = str(joined) if left else count(joined, "pôle")
            verb = "l'a" if joined == 1 else "l'ont"
            said.append(f"{who} {verb} rejointe")
        return " et ".join(said)

    @property
    def totals_worth_showing(self) -> list[BilanRow]:
        """A kind's total repeats its only row when it was held in one scope: only those of several are shown."""
        scopes: dict[CollectiveKind | None, int] = {}
        for row in self.rows:
            scopes[row.kind] = scopes.get(row.kind, 0) + 1
        return [total for total in self.totals if scopes.get(total.kind, 0) > 1]

    @property
    def overall_worth_showing(self) -> BilanRow | None:
        """The sum of every kind, when there is more than one row to add up."""
        return self.overall if len(self.rows) > 1 else None

    @property
    def region_name(self) -> str | None:
        return region_names().get(self.region_code) if self.region_code else None


#: The zone whose calendar year a review counts: the national note's, France's (metropolitan) year.
REVIEW_ZONE = NETWORK_ZONE


def default_year(today: date) -> int:
    """The year the review opens on: the year just ended all through January, when networks write their yearly
    review (on 5 January this year's page is empty), then the current year."""
    return today.year - 1 if today.month == 1 else today.year


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """A transfer completed at 0 h 30 on 1 January in Paris (23 h 30 UTC on 31 December) is of the new year."""
    return year_bounds(year, REVIEW_ZONE)


def held_sessions(year: int, region_code: str | None, now: datetime) -> Subquery:
    """Sessions held at ``now`` (not cancelled, a slot held) whose first held slot falls in ``year`` (of a
    region: its CRA's); columns ``id``, ``kind``, ``region_code`` and ``first`` (that slot's start)."""
    start, end = _year_bounds(year)
    first = (select(Meeting.collective_session_id.label("sid"),
                    func.min(Meeting.starts_at).label("first"))
             .where(Meeting.collective_session_id.is_not(None), Meeting.held_by(now))
             .group_by(Meeting.collective_session_id).subquery())
    conditions: list[ColumnElement] = [CollectiveSession.cancelled_at.is_(None), first.c.first >= start,
                                       first.c.first < end]
    if region_code:
        conditions.append(CollectiveSession.region_code == region_code)
    return (select(CollectiveSession.id, CollectiveSession.kind, CollectiveSession.region_code, first.c.first)
            .join(first, first.c.sid == CollectiveSession.id).where(*conditions).subquery())


def participated() -> ColumnElement[bool]:
    """A participation, the one rule of the review (its sessions' table, a region's pole participation): a place
    (« inscrit·e », or a walk-in pole) noted present — not the waitlist, not an unregistration, whatever its
    ``attended`` says."""
    return and_(CollectiveRegistration.status == RegistrationStatus.REGISTERED,
                CollectiveRegistration.attended.is_(True))


def _rows(year: int, region_code: str | None, now: datetime, *,
          by: Literal["region", "kind", "all"]) -> list[BilanRow]:
    """The sessions' figures per kind and scope (``region``), per kind (``kind``, the totals) or all together."""
    held = held_sessions(year, region_code, now)
    attended = and_(CollectiveRegistration.collective_session_id == held.c.id, participated())
    group = {"region": [held.c.kind, held.c.region_code], "kind": [held.c.kind], "all": []}[by]
    # A PTCE is a pole of the network: one awaiting confirmation is not counted among them.
    ptce = distinct(case((of_counted_pole(CollectiveRegistration.pole_id), CollectiveRegistration.pole_id)))
    per_session_ptce = (select(held.c.id.label("sid"), func.count(ptce).label("n"))
                        .select_from(held).outerjoin(CollectiveRegistration, attended)
                        .group_by(held.c.id).subquery())
    # A person who deleted their account since is still one person (``departed_person``, their rows' token).
    people = (func.count(distinct(CollectiveRegistration.user_id))
              + func.count(distinct(case((CollectiveRegistration.user_id.is_(None),
                                          CollectiveRegistration.departed_person)))))
    query = (select(*group, func.count(distinct(held.c.id)), func.count(CollectiveRegistration.id), people,
                    func.count(ptce))
             .select_from(held).outerjoin(CollectiveRegistration, attended).group_by(*group))
    ptce_sums = {tuple(values[:-1]): values[-1] for values in db.session.execute(
        select(*group, func.sum(per_session_ptce.c.n)).select_from(held)
        .join(per_session_ptce, per_session_ptce.c.sid == held.c.id).group_by(*group))}
    names = region_names()
    rows = []
    for values in db.session.execute(query):
        if by == "region":
            kind, region, sessions, participations, people, ptce = values
            scope = names.get(region, region) if region else NATIONAL
            ptce_total = ptce_sums.get((kind, region), 0)
        elif by == "kind":
            kind, sessions, participations, people, ptce = values
            scope, ptce_total = TOTAL, ptce_sums.get((kind,), 0)
        else:
            kind, (sessions, participations, people, ptce) = None, values
            scope, ptce_total = TOTAL, ptce_sums.get((), 0)
            if not sessions:
                continue
        rows.append(BilanRow(kind=CollectiveKind(kind) if kind is not None else None, scope=scope, sessions=sessions,
                             participations=participations, people=people, ptce=ptce,
                             _ptce_sessions=int(ptce_total or 0)))
    order = list(CollectiveKind)
    return sorted(rows, key=lambda r: (order.index(r.kind) if r.kind else -1, r.scope != NATIONAL, r.scope))


def _one_to_one(year: int, region_code: str | None, now: datetime) -> OneToOne:
    start, end = _year_bounds(year)

    def in_region(when: ColumnElement) -> list[ColumnElement[bool]]:
        """The pole a figure belongs to is one of the network (``pole_counted``) and was in the region asked for
        when it happened (``region_at``: a pole that moved since is counted where it was)."""
        return [pole_counted(), *of_region(when)]

    def of_region(when: ColumnElement) -> list[ColumnElement[bool]]:
        return [region_at(Pole.id, Pole.region_code, when) == region_code] if region_code else []

    pairings = (select(func.count(Pairing.id)).join(Need, Pairing.need_id == Need.id)
                .join(Pole, Need.pole_id == Pole.id))
    # A new transfer is one accepted in the year (``decided_at``: by the resource person, or by the pole for the help
    # she offered; the suggestion or the request may be of the year before), not cancelled since; a request the
    # network validated is not one until accepted.
    accepted = func.coalesce(Pairing.decided_at, Pairing.created_at)
    started = db.session.scalar(pairings.where(accepted >= start, accepted < end, *in_region(accepted),
                                               Pairing.status.in_(COMMITTED_STATUSES))) or 0
    # By the completion date, not ``updated_at``: a later feedback, note or retention purge of a completed
    # transfer must not move its completion into another year.
    completed = db.session.scalar(pairings.where(
        Pairing.completed_at >= start, Pairing.completed_at < end, Pairing.status == PairingStatus.COMPLETED,
        *in_region(Pairing.completed_at))) or 0
    # A visit is held once its first day is (every visit has its two days as meetings: app.visits.creation).
    first_day = aliased(Meeting)
    visits_of_year = (select(LearningVisit.id).join(Pole, LearningVisit.host_pole_id == Pole.id)
                      .join(first_day, LearningVisit.day_one_session_id == first_day.id)
                      .where(LearningVisit.start_date >= date(year, 1, 1),  # a visit's day is already local
                             LearningVisit.start_date < date(year + 1, 1, 1), *in_region(first_day.starts_at)))
    visits = visits_of_year.where(first_day.held_by(now))
    visits_held = db.session.scalar(select(func.count()).select_from(visits.subquery())) or 0
    visits_to_come = db.session.scalar(select(func.count()).select_from(
        visits_of_year.where(first_day.to_come_after(now)).subquery())) or 0
    visiting = db.session.scalar(select(func.count(distinct(VisitRegistration.pole_id))).where(
        VisitRegistration.visit_id.in_(visits), VisitRegistration.status == VisitRegistrationStatus.REGISTERED,
        of_counted_pole(VisitRegistration.pole_id))) or 0
    present = db.session.execute(select(func.count(distinct(VisitRegistration.pole_id)),
                                        func.coalesce(func.sum(VisitRegistration.people_present), 0)).where(
        VisitRegistration.visit_id.in_(visits), VisitRegistration.status == VisitRegistrationStatus.REGISTERED,
        VisitRegistration.attended.is_(True), of_counted_pole(VisitRegistration.pole_id))).one()
    of_visit = VisitRegistration.visit_id == LearningVisit.id
    to_note = db.session.scalar(select(func.count()).select_from(visits.where(
        exists().where(of_visit, VisitRegistration.status == VisitRegistrationStatus.REGISTERED),
        ~exists().where(of_visit, VisitRegistration.attended.is_not(None))).subquery())) or 0
    bookings_of_year = (select(Booking.id, Booking.pole_id).join(LegalSlot, Booking.slot_id == LegalSlot.id)
                        .join(Meeting, LegalSlot.session_id == Meeting.id)
                        .outerjoin(Pole, Booking.pole_id == Pole.id)
                        .where(Booking.status == BookingStatus.CONFIRMED, Meeting.starts_at >= start,
                               Meeting.starts_at < end, of_counted_pole(Booking.pole_id), *of_region(Meeting.starts_at)))
    bookings = bookings_of_year.where(Meeting.held_by(now)).subquery()
    legal = db.session.execute(select(func.count(bookings.c.id), func.count(distinct(bookings.c.pole_id)))).one()
    legal_to_come = db.session.scalar(select(func.count()).select_from(
        bookings_of_year.where(Meeting.to_come_after(now)).subquery())) or 0
    sheets = db.session.scalar(
        select(func.count(ExperienceSheet.id)).join(Pairing, ExperienceSheet.pairing_id == Pairing.id)
        .join(Need, Pairing.need_id == Need.id).join(Pole, Need.pole_id == Pole.id)
        .where(ExperienceSheet.published_at >= start, ExperienceSheet.published_at < end,
               *in_region(ExperienceSheet.published_at))) or 0
    accompanied = (select(Accompaniment.kind, func.count(Accompaniment.id)).join(Pole, Accompaniment.pole_id == Pole.id)
                   .where(Accompaniment.happened_on >= date(year, 1, 1),  # a day already local
                          Accompaniment.happened_on < date(year + 1, 1, 1), *in_region(Accompaniment.happened_on)))
    by_kind = {AccompanimentKind(kind): n for kind, n in db.session.execute(accompanied.group_by(Accompaniment.kind))}
    accompanied_poles = db.session.scalar(accompanied.with_only_columns(
        func.count(distinct(Accompaniment.pole_id)))) or 0
    return OneToOne(accompaniments={kind: by_kind[kind] for kind in AccompanimentKind if kind in by_kind},
                    accompanied_poles=accompanied_poles,
                    transfers_started=started, transfers_completed=completed, visits_held=visits_held,
                    visiting_poles=visiting, legal_bookings=legal[0], legal_poles=legal[1], experience_sheets=sheets,
                    visits_to_come=visits_to_come, legal_bookings_to_come=legal_to_come,
                    visit_poles_present=present[0], visit_people_present=int(present[1] or 0), visits_to_note=to_note)


def bilan(*, year: int, region_code: str | None = None, now: datetime | None = None) -> Bilan:
    """The review of ``year`` as it stands at ``now`` (naive UTC, default the present), national or for one
    region (sessions its CRA organised, its poles)."""
    now = now or utcnow()
    overall = _rows(year, region_code, now, by="all")
    moves = moves_in_year(region_code, *_year_bounds(year)) if region_code else (0, 0)
    return Bilan(year=year, region_code=region_code, rows=_rows(year, region_code, now, by="region"),
                 totals=_rows(year, region_code, now, by="kind"), moves=moves,
                 one_to_one=_one_to_one(year, region_code, now), overall=overall[0] if overall else None)


def bilan_csv_rows(review: Bilan) -> tuple[list[str], list[list[object]]]:
    """The page's two tables in one file: the sessions, then (after an empty row, with its own header) the
    individual accompaniments, one figure a row, the visits and consultations to come said apart."""
    header = ["Type", "Périmètre", "Sessions", "Participations", "Personnes différentes", "PTCE différents",
              "Participants par session", "PTCE par session"]
    rows: list[list[object]] = [
        [r.label, r.scope, r.sessions, r.participations, r.people, r.ptce,
         to_tenth(r.participants_per_session), to_tenth(r.ptce_per_session)]
        for r in [*review.rows, *review.totals, *([review.overall] if review.overall else [])]]
    if not rows:  # a header over nothing read as a file cut short
        rows.append([f"Aucune session collective {'organisée pour la région ' if review.region_code else ''}"
                     f"tenue en {review.year}"])
    scope = review.region_name or "Tout le réseau"
    o = review.one_to_one
    figures = [("Nouveaux transferts de savoir-faire dans l'année", o.transfers_started),
               ("Transferts de savoir-faire terminés", o.transfers_completed),
               ("Visites apprenantes réalisées", o.visits_held),
               ("Pôles inscrits aux visites réalisées", o.visiting_poles),
               ("Pôles venus aux visites (présences notées)", o.visit_poles_present),
               ("Personnes venues aux visites (présences notées)", o.visit_people_present),
               ("Visites réalisées dont les présences restent à noter", o.visits_to_note),
               ("Rendez-vous Juri-PTCE tenus", o.legal_bookings), ("Pôles reçus en rendez-vous Juri-PTCE", o.legal_poles),
               ("Fiches d'expérience publiées", o.experience_sheets),
               ("Accompagnements de pôles (diagnostics, suivis, réorientations)", o.accompaniments_total),
               *((f"dont {ACCOMPANIMENT_WORDS[kind][1]}", o.accompaniments.get(kind, 0)) for kind in AccompanimentKind),
               ("Pôles accompagnés", o.accompanied_poles),
               ("Visites apprenantes à venir d'ici la fin de l'année (hors bilan)", o.visits_to_come),
               ("Rendez-vous Juri-PTCE réservés à venir d'ici la fin de l'année (hors bilan)",
                o.legal_bookings_to_come)]
    rows += [[], ["Accompagnements individuels", "Périmètre", "Nombre"]]
    rows += [[label, scope, value] for label, value in figures]
    return header, rows
