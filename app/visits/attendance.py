"""Who came to a learning visit: per registered pole, present or absent and how many of its people came.

The same backbone as a collective session's presences: they may be noted once a day of the visit has begun
(``app.scheduling.meetings.attendance_open``, the rule of the sessions' « Inscrit·es et présences » page), a save
writes every registered pole (those not marked present are absent, as a session's unticked people are), and two
organisers noting at once are told apart by the edit stamps (``app.edit_stamps``). Who notes them is the access
policy's (``may_note_visit_attendance``): the national organisers, and the CRA of the host's region.

A session counts people registered one by one; a visit registers a pole, which comes with several people: the
pole is marked present with the number of its people who came (``VisitRegistration.people_present``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

from app.access import policy
from app.access.scopes import visit_attendance_noted_by
from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.poles.region_lock import POLE_GONE_MEANWHILE, lock_region_of
from app.refused import Problem
from app.scheduling.meetings import attendance_open, attendance_opens_at
from app.transactions import transactional
from app.typography import alphabetical, count
from app.visits.common import VisitError
from app.visits.registrations import take_back_thanks, thank
from models import LearningVisit, Meeting, MeetingStatus, User, VisitRegistration, VisitRegistrationStatus, utcnow

#: How many people of one pole may be noted at a visit (a pole comes with a few people; a typo of 300 is refused).
MAX_PEOPLE = 50
PEOPLE_MESSAGE = f"De 1 à {MAX_PEOPLE} personnes."
MISSING_PEOPLE = "Indiquez combien de personnes du pôle sont venues (1 au moins)."
PEOPLE_WHILE_ABSENT = ("Ce pôle n'est pas coché, donc noté absent ; cochez «\u00a0Présent\u00a0» s'il est venu, ou effacez "
                       "le nombre.")


@dataclass(frozen=True)
class PoleMark:
    """What the form says of one registered pole: whether it came, and how many of its people (None: not given)."""

    registration_id: int
    came: bool
    people: int | None


@dataclass(frozen=True)
class Turnout:
    """Who came, once noted: the poles present and their people (a pole's page, the visit's page, a save)."""

    poles: int
    people: int
    #: The registered poles noted absent.
    absent: int = 0

    @property
    def in_words(self) -> str:
        """« 2 pôles venus, 7 personnes » ; « aucun pôle venu »."""
        poles = count(self.poles, "pôle venu", "pôles venus", zero="aucun")
        return f"{poles}, {count(self.people, 'personne')}" if self.poles else poles

    @property
    def saved_in_words(self) -> str:
        """What a save of the presences says, the absent poles too: « 1 pôle venu, 3 personnes ; 2 pôles absents »."""
        absent = f" ; {count(self.absent, 'pôle absent', 'pôles absents')}" if self.absent else ""
        return self.in_words + absent


def registered(visit: LearningVisit) -> list[VisitRegistration]:
    """The poles registered (they alone have a place: waitlisted, declined or withdrawn poles did not), by name."""
    return sorted((r for r in visit.registrations if r.status is VisitRegistrationStatus.REGISTERED),
                  key=lambda r: alphabetical(r.pole.name))


def opens_at(visit: LearningVisit) -> datetime | None:
    """When presences may be noted: the start of the visit's first day (naive UTC)."""
    return attendance_opens_at(visit.sessions)


def is_open(visit: LearningVisit, *, now: datetime | None = None) -> bool:
    return attendance_open(visit.sessions, now=now)


def is_noted(visit: LearningVisit) -> bool:
    """Someone noted the presences (every registered pole is then present or absent)."""
    return any(r.attended is not None for r in registered(visit))


def turnout(visit: LearningVisit) -> Turnout | None:
    """Who came, or None while the presences are not noted."""
    rows = registered(visit)
    if not any(r.attended is not None for r in rows):  # not noted yet (``is_noted``)
        return None
    present = [r for r in rows if r.attended]
    return Turnout(poles=len(present), people=sum(r.people_present or 0 for r in present),
                   absent=sum(1 for r in rows if r.attended is False))


def may_note(visit: LearningVisit, user: User) -> bool:
    return policy.may_note_visit_attendance(user, host_region_code=visit.host_pole.region_code)


def _marked_present(visit: LearningVisit) -> list[str]:
    return [f"{r.pole.name} ({count(r.people_present or 0, 'personne')})" for r in registered(visit) if r.attended]


#: What the attendance form shows: the poles marked present and their people (two organisers may note them at once).
ATTENDANCE_EDIT = Editable("visit_attendance", "Les présences de la visite ont été modifiées", {
    "present": ("Pôles présents", _marked_present),
})


def attendance_problems(marks: Sequence[PoleMark | None]) -> list[Problem]:
    """What the rules say of the marks, each named by its row of the form (``poles.N.people``), all at once. A row
    the fields refused (None) is left to them."""
    problems = []
    for n, mark in enumerate(marks):
        if mark is None:
            continue
        where = f"poles.{n}.people"
        if mark.came and mark.people is None:
            problems.append(Problem(MISSING_PEOPLE, where))
        elif mark.came and mark.people is not None and not 1 <= mark.people <= MAX_PEOPLE:
            problems.append(Problem(PEOPLE_MESSAGE, where))
        elif not mark.came and mark.people:
            problems.append(Problem(PEOPLE_WHILE_ABSENT, where))
    return problems


@transactional
def record_attendance(*, visit: LearningVisit, organiser: User, marks: Sequence[PoleMark],
                      opened: str | None = None) -> Turnout:
    """Note who came: every registered pole is present (with its number of people) if ``marks`` says so, else absent.

    ``EditConflict`` when the poles marked present changed since the form was opened (``opened``, its hidden field;
    nothing written). The host pole's region is read under its lock (``app.poles.region_lock``): the CRA of a host
    that moves meanwhile notes before the move, or is refused.
    """
    if lock_region_of(visit, column="host_pole_id") is None:
        raise VisitError(POLE_GONE_MEANWHILE)
    if not may_note(visit, organiser):
        raise VisitError("Les présences d'une visite se notent par l'équipe d'animation nationale ou par la cellule "
                         "régionale de la région du pôle hôte.")
    if not is_open(visit):
        raise VisitError("Les présences se notent une fois la visite commencée.")
    if problems := attendance_problems(marks):
        raise VisitError.of(problems)
    check_and_stamp(ATTENDANCE_EDIT, visit, opened=opened, by=organiser)
    came = {m.registration_id: m.people for m in marks if m.came}
    for registration in registered(visit):
        was = registration.attended
        registration.attended = registration.id in came
        registration.people_present = came.get(registration.id) if registration.attended else None
        if registration.attended and not was:  # asked their feedback, as a session's people (``thank``)
            thank(visit, registration)
        elif was and not registration.attended:  # noted by mistake: their thanks, if not gone yet, with it
            take_back_thanks(visit, registration)
    db.session.flush()
    return turnout(visit) or Turnout(0, 0)


def visits_awaiting_attendance(viewer: User, *, now: datetime | None = None) -> list[LearningVisit]:
    """The visits ``viewer`` notes the presences of (``scopes.visit_attendance_noted_by``) that are over, had poles
    registered, and whose presences nobody noted yet, oldest first. Until then the year's review counts their
    registrations only."""
    now = now or utcnow()
    last_day = (select(func.max(Meeting.ends_at))
                .where(Meeting.id.in_([LearningVisit.day_one_session_id, LearningVisit.day_two_session_id]),
                       Meeting.status != MeetingStatus.CANCELLED)
                .scalar_subquery())
    of_visit = VisitRegistration.visit_id == LearningVisit.id
    has_registered = exists().where(of_visit, VisitRegistration.status == VisitRegistrationStatus.REGISTERED)
    noted = exists().where(of_visit, VisitRegistration.attended.is_not(None))
    return list(db.session.scalars(
        select(LearningVisit)
        .where(last_day <= now, has_registered, ~noted, visit_attendance_noted_by(viewer))
        .order_by(LearningVisit.start_date, LearningVisit.id)))

