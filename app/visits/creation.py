"""Creating a learning visit (its two days as meetings) and inviting poles to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from app.scheduling.wall_clock import to_utc_naive
from app.extensions import db
from app.idempotency import insert_once, made_by
from app.refused import Problem
from app.scheduling.meetings import create_meeting, meeting_title
from app.transactions import transactional
from app.visits.common import CAPACITY_MESSAGE, DAY_HOURS, MAX_CAPACITY, VisitError, today
from app.visits.registrations import _check_upcoming, _lock_visit, _notify, notify_host, sync_participants
from models import LearningVisit, MeetingKind, Pole, User, VisitRegistration, VisitRegistrationStatus


def day_title(title: str, n: int) -> str:
    """« Visite apprenante « titre » — jour 2 »: a long title is shortened (…), never the day number."""
    return meeting_title(title, head="Visite apprenante «\u00a0", tail=f"\u00a0» — jour {n}")


def visit_problems(*, host_id: int | None, start_date: date | None, invited_ids: Sequence[int],
                   capacity: int | None = None) -> list[Problem]:
    """What the rules say of a new visit's date, capacity, host and invitations, each named by the form's field (the
    form shows them beside the fields, together with the fields' own checks; a missing value is the field's to say).
    All at once: a capacity out of range never hides a date in the past."""
    problems = []
    if start_date is not None and start_date <= today():
        problems.append(Problem("La visite doit commencer après aujourd'hui.", "start_date"))
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        problems.append(Problem(CAPACITY_MESSAGE, "capacity"))
    if host_id is not None and host_id in invited_ids:
        problems.append(Problem("Le pôle hôte ne peut pas être invité à sa propre visite.", "invited"))
    elif not invited_ids:
        problems.append(Problem("Invitez au moins un pôle.", "invited"))
    return problems


def visit_made_by(key: str | None, organiser: User) -> LearningVisit | None:
    """The visit ``organiser`` already created with the form of this idempotency key, if any."""
    return made_by(LearningVisit, key, organiser)


def visit_made_with(key: str | None, organiser: User) -> LearningVisit | None:
    """The visit the form of this key already created, if any; another organiser's form is refused."""
    return made_by(LearningVisit, key, organiser, refused=VisitError)


@transactional
def create_visit(*, organiser: User, host: Pole, title: str, theme_text: str, start_date: date,
                 capacity: int, programme: str, place: str, invited: list[Pole],
                 label_terms: str = "", idempotency_key: str | None = None) -> LearningVisit:
    """Create a visit, its invitations and its two days (sessions with the host's facilitators).

    Each invited pole's facilitators get an invitation through the outbox. The same ``idempotency_key`` sent
    again (double click, or Back then send) gives the visit it created, and invites nobody twice.
    """
    if (made := visit_made_with(idempotency_key, organiser)) is not None:
        return made
    title = title.strip()
    if not title:
        raise VisitError("Donnez un titre au thème de la visite.")
    if problems := visit_problems(host_id=host.id, start_date=start_date, invited_ids=[p.id for p in invited],
                                  capacity=capacity):
        raise VisitError.of(problems)
    zone = host.region.timezone
    visit = LearningVisit(
        title=title, theme_text=(theme_text or title).strip(), label_terms=label_terms.strip()[:300],
        host_pole=host, organiser=organiser, start_date=start_date, capacity=capacity,
        programme=programme.strip(), place=place.strip(), timezone=zone, idempotency_key=idempotency_key or None,
    )
    if insert_once(visit) is not None:  # the same form, sent at the same time, won the race
        return visit_made_with(idempotency_key, organiser)
    for pole in {p.id: p for p in invited}.values():
        visit.registrations.append(VisitRegistration(pole=pole, status=VisitRegistrationStatus.INVITED))
    visit.day_one, visit.day_two = (
        create_meeting(
            kind=MeetingKind.VISIT_DAY, title=day_title(title, n),
            description=visit.programme, starts_at=to_utc_naive(start_date + timedelta(days=n - 1), hours[0], zone),
            ends_at=to_utc_naive(start_date + timedelta(days=n - 1), hours[1], zone), timezone=zone,
            location=visit.place or f"{host.name} ({host.region.name})",
        )
        for n, hours in enumerate(DAY_HOURS, start=1)
    )
    db.session.flush()
    sync_participants(visit, bump=False)
    for registration in visit.registrations:
        _notify(visit, registration, "invitation")
    notify_host(visit)
    return visit


@transactional
def invite_poles(visit: LearningVisit, *, poles: list[Pole]) -> int:
    """Invite more poles (not the host, not those already invited); returns how many were added. The visit's row is
    locked first and its invitations read again (as a registration does): the same form sent twice at once invites
    once, the second adding none (it broke the unique key otherwise, an error page)."""
    visit = _lock_visit(visit.id)
    db.session.expire(visit, ["registrations"])
    _check_upcoming(visit)
    known = {r.pole_id for r in visit.registrations}
    added = 0
    for pole in poles:
        if pole.id == visit.host_pole_id or pole.id in known:
            continue
        registration = VisitRegistration(pole=pole, status=VisitRegistrationStatus.INVITED)
        visit.registrations.append(registration)
        known.add(pole.id)
        db.session.flush()
        _notify(visit, registration, "invitation")
        added += 1
    return added
