"""Learning visits: creation, invitations, registration with capacity and waitlist, the two
days as scheduled sessions, feedback, and the visits shown on pole and need pages.

Capacity is enforced like slots: every registration change first locks the visit row
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite an ``UPDATE`` of the row, which takes
the database write lock), then counts the registered poles, so concurrent requests are
serialised and the registered count never exceeds the capacity. A registered pole that
declines frees its place for the first pole on the waitlist, promoted exactly once under
the same lock.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.eligibility.services import refusal_for
from app.extensions import db
from app.locks import lock_row
from app.notifications.outbox import enqueue_template
from app.process_cache import cached_index, index_version, kept
from app.scheduling.meetings import create_meeting, set_participants
from app.typography import number
from app.suggestions.embeddings import embed_texts
from app.visits.themes import cluster_threshold, fit_similarity
from matching.clustering import tokenize
from matching.text import profile_text
from models import (
    LearningVisit, Need, ParticipantRole, Pole, Role, SessionKind, User, VisitFeedback, VisitRegistration,
    VisitRegistrationStatus, utcnow,
)

#: Local hours of the two days at the host (start, end).
DAY_HOURS = ((time(9, 0), time(17, 30)), (time(9, 0), time(16, 0)))
MAX_CAPACITY = 100


class VisitError(Exception):
    """A refused operation; ``str()`` is a French message."""


def _utc(day: date, at: time, zone: str) -> datetime:
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)


def today() -> date:
    return utcnow().date()


# ---------------------------------------------------------------------- creation


def create_visit(*, organiser: User, host: Pole, title: str, theme_text: str, start_date: date,
                 capacity: int, programme: str, place: str, invited: list[Pole],
                 label_terms: str = "") -> LearningVisit:
    """Create a visit, its invitations and its two days (sessions with the host's facilitators).

    Each invited pole's facilitators get an invitation through the outbox.
    """
    title = title.strip()
    if not title:
        raise VisitError("Donnez un titre au thème de la visite.")
    if start_date <= today():
        raise VisitError("La visite doit commencer après aujourd'hui.")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise VisitError(f"La capacité doit être comprise entre 1 et {MAX_CAPACITY} pôles.")
    if any(p.id == host.id for p in invited):
        raise VisitError("Le pôle hôte ne peut pas être invité à sa propre visite.")
    if not invited:
        raise VisitError("Invitez au moins un pôle.")
    zone = host.region.timezone
    visit = LearningVisit(
        title=title, theme_text=(theme_text or title).strip(), label_terms=label_terms.strip()[:300],
        host_pole=host, organiser=organiser, start_date=start_date, capacity=capacity,
        programme=programme.strip(), place=place.strip(), timezone=zone,
    )
    db.session.add(visit)
    for pole in {p.id: p for p in invited}.values():
        visit.registrations.append(VisitRegistration(pole=pole, status=VisitRegistrationStatus.INVITED))
    visit.day_one, visit.day_two = (
        create_meeting(
            kind=SessionKind.VISIT_DAY, title=f"Visite apprenante « {title} » — jour {n}",
            description=visit.programme, starts_at=_utc(start_date + timedelta(days=n - 1), hours[0], zone),
            ends_at=_utc(start_date + timedelta(days=n - 1), hours[1], zone), timezone=zone,
            location=visit.place or f"{host.name} ({host.region.name})",
        )
        for n, hours in enumerate(DAY_HOURS, start=1)
    )
    db.session.flush()
    _sync_participants(visit, bump=False)
    for registration in visit.registrations:
        _notify(visit, registration, "invitation")
    db.session.commit()
    return visit


def invite_poles(visit: LearningVisit, *, poles: list[Pole]) -> int:
    """Invite more poles (not the host, not those already invited); returns how many were added."""
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
    db.session.commit()
    return added


# ----------------------------------------------------------------- registration


def _lock_visit(visit_id: int) -> LearningVisit:
    """Take the visit's row lock for the rest of the transaction and return it fresh."""
    visit = lock_row(db.session, LearningVisit, visit_id)
    if visit is None:
        raise VisitError("Cette visite n'existe pas.")
    return visit


def _locked_registration(visit: LearningVisit, pole_id: int) -> VisitRegistration:
    registration = db.session.scalars(
        select(VisitRegistration).where(VisitRegistration.visit_id == visit.id,
                                        VisitRegistration.pole_id == pole_id)
        .execution_options(populate_existing=True)).one_or_none()
    if registration is None:
        db.session.rollback()
        raise VisitError("Votre pôle n'est pas invité à cette visite.")
    return registration


def registered_count(visit_id: int) -> int:
    return db.session.scalar(select(func.count(VisitRegistration.id)).where(
        VisitRegistration.visit_id == visit_id,
        VisitRegistration.status == VisitRegistrationStatus.REGISTERED)) or 0


def _check_upcoming(visit: LearningVisit) -> None:
    if visit.start_date <= today():
        db.session.rollback()
        raise VisitError("La visite a commencé : les inscriptions sont closes.")


def register(*, visit_id: int, pole_id: int, user: User) -> VisitRegistration:
    """Register an invited pole: a place if one is left, else the waitlist. Idempotent."""
    pole = db.session.get(Pole, pole_id)
    if pole is not None and (not_eligible := refusal_for(pole, action="s'inscrire à une visite apprenante")):
        raise VisitError(not_eligible)
    visit = _lock_visit(visit_id)
    _check_upcoming(visit)
    registration = _locked_registration(visit, pole_id)
    if registration.status in (VisitRegistrationStatus.REGISTERED, VisitRegistrationStatus.WAITLISTED):
        db.session.commit()
        return registration
    full = registered_count(visit.id) >= visit.capacity
    registration.status = VisitRegistrationStatus.WAITLISTED if full else VisitRegistrationStatus.REGISTERED
    registration.requested_at = utcnow()
    registration.responded_by_id = user.id
    registration.version += 1
    db.session.flush()
    _sync_participants(visit)
    _notify(visit, registration, "waitlisted" if full else "registered")
    db.session.commit()
    return registration


def decline(*, visit_id: int, pole_id: int, user: User) -> VisitRegistration | None:
    """Decline (or withdraw). A freed place goes to the first pole on the waitlist, once.

    Returns the promoted registration, if any.
    """
    visit = _lock_visit(visit_id)
    _check_upcoming(visit)
    registration = _locked_registration(visit, pole_id)
    if registration.status is VisitRegistrationStatus.DECLINED:
        db.session.commit()
        return None
    was_registered = registration.status is VisitRegistrationStatus.REGISTERED
    registration.status = VisitRegistrationStatus.DECLINED
    registration.responded_by_id = user.id
    registration.version += 1
    db.session.flush()
    _notify(visit, registration, "declined")
    promoted = None
    if was_registered and registered_count(visit.id) < visit.capacity:
        promoted = db.session.scalars(
            select(VisitRegistration).where(VisitRegistration.visit_id == visit.id,
                                            VisitRegistration.status == VisitRegistrationStatus.WAITLISTED)
            .order_by(VisitRegistration.requested_at, VisitRegistration.id).limit(1)
            .execution_options(populate_existing=True)).one_or_none()
        if promoted is not None:
            promoted.status = VisitRegistrationStatus.REGISTERED
            promoted.version += 1
            db.session.flush()
            _notify(visit, promoted, "promoted")
    _sync_participants(visit)
    db.session.commit()
    return promoted


def _facilitators(pole_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.pole_id == pole_id, User.role == Role.FACILITATOR, User.is_active.is_(True)).order_by(User.id)))


def _sync_participants(visit: LearningVisit, *, bump: bool = True) -> None:
    """Participants of both days: host facilitators (host) and registered poles' facilitators.

    A day whose participants change gets its iCalendar SEQUENCE bumped (not at creation: ``bump=False``).
    """
    wanted: dict[int, ParticipantRole] = {u.id: ParticipantRole.HOST for u in _facilitators(visit.host_pole_id)}
    registered = db.session.scalars(select(VisitRegistration.pole_id).where(
        VisitRegistration.visit_id == visit.id, VisitRegistration.status == VisitRegistrationStatus.REGISTERED))
    for pole_id in registered:
        for user in _facilitators(pole_id):
            wanted.setdefault(user.id, ParticipantRole.PARTICIPANT)
    for day in visit.sessions:
        set_participants(meeting=day, wanted=wanted, new=not bump)


MAIL_SUBJECTS = {
    "invitation": "Invitation à une visite apprenante : {title}",
    "registered": "Inscription confirmée : visite apprenante {title}",
    "waitlisted": "Liste d'attente : visite apprenante {title}",
    "promoted": "Une place s'est libérée : vous êtes inscrit·es à la visite {title}",
    "declined": "Désistement enregistré : visite apprenante {title}",
}


def _notify(visit: LearningVisit, registration: VisitRegistration, event: str) -> None:
    """One message per facilitator of the pole and per registration change (unique outbox keys)."""
    for user in _facilitators(registration.pole_id):
        enqueue_template(
            db.session, key=f"visit:{visit.id}:registration:{registration.id}:v{registration.version}:{event}:user:{user.id}",
            to=user, subject=MAIL_SUBJECTS[event].format(title=visit.title)[:300],
            template=f"visits/mail_{event}.txt", visit=visit, registration=registration,
            pole=registration.pole,
        )


# ---------------------------------------------------------------------- reading


@dataclass
class VisitCounts:
    registered: int
    waitlisted: int
    invited: int
    declined: int


def counts(visit: LearningVisit) -> VisitCounts:
    by_status = {s: 0 for s in VisitRegistrationStatus}
    for registration in visit.registrations:
        by_status[registration.status] += 1
    return VisitCounts(registered=by_status[VisitRegistrationStatus.REGISTERED],
                       waitlisted=by_status[VisitRegistrationStatus.WAITLISTED],
                       invited=by_status[VisitRegistrationStatus.INVITED],
                       declined=by_status[VisitRegistrationStatus.DECLINED])


def registration_of(visit: LearningVisit, pole_id: int | None) -> VisitRegistration | None:
    return next((r for r in visit.registrations if r.pole_id == pole_id), None)


def is_over(visit: LearningVisit) -> bool:
    """The second day has ended (feedback is open)."""
    if visit.day_two is not None:
        return visit.day_two.ends_at <= utcnow()
    return visit.end_date < today()


def all_visits() -> list[LearningVisit]:
    return list(db.session.scalars(select(LearningVisit).options(
        selectinload(LearningVisit.host_pole), selectinload(LearningVisit.registrations))
        .order_by(LearningVisit.start_date.desc())))


# ---------------------------------------------------------------------- feedback


def can_give_feedback(visit: LearningVisit, user: User) -> bool:
    """Facilitators of the host pole or of a registered pole, once the visit is over."""
    if user.role is not Role.FACILITATOR or user.pole_id is None or not is_over(visit):
        return False
    if user.pole_id == visit.host_pole_id:
        return True
    registration = registration_of(visit, user.pole_id)
    return registration is not None and registration.status is VisitRegistrationStatus.REGISTERED


def save_feedback(*, visit: LearningVisit, user: User, rating: int, text: str) -> VisitFeedback:
    """Record (or amend) the feedback of the user's pole on the visit."""
    if not can_give_feedback(visit, user):
        raise VisitError("Seuls le pôle hôte et les pôles inscrits peuvent donner leur avis, après la visite.")
    if not 1 <= rating <= 5:
        raise VisitError("La note va de 1 à 5.")
    feedback = db.session.scalars(select(VisitFeedback).where(
        VisitFeedback.visit_id == visit.id, VisitFeedback.pole_id == user.pole_id)).one_or_none()
    if feedback is None:
        feedback = VisitFeedback(visit=visit, pole_id=user.pole_id, is_host=user.pole_id == visit.host_pole_id)
        db.session.add(feedback)
    feedback.author = user
    feedback.rating = rating
    feedback.text = text.strip()
    db.session.commit()
    return feedback


def feedback_of(visit: LearningVisit, pole_id: int | None) -> VisitFeedback | None:
    return next((f for f in visit.feedback if f.pole_id == pole_id), None)


# ------------------------------------------------------------ pole and need pages


@dataclass
class PoleVisitEntry:
    visit: LearningVisit
    as_host: bool
    status: VisitRegistrationStatus | None
    feedback: VisitFeedback | None
    average_rating: float | None


def pole_visit_record(pole: Pole) -> list[PoleVisitEntry]:
    """Visits the pole hosted or was invited to (declined ones left out), latest first."""
    hosted = db.session.scalars(select(LearningVisit).where(LearningVisit.host_pole_id == pole.id))
    invited = db.session.scalars(select(LearningVisit).join(VisitRegistration).where(
        VisitRegistration.pole_id == pole.id, VisitRegistration.status != VisitRegistrationStatus.DECLINED))
    visits = {v.id: v for v in [*hosted, *invited]}
    entries = []
    for visit in visits.values():
        registration = registration_of(visit, pole.id)
        ratings = [f.rating for f in visit.feedback]
        entries.append(PoleVisitEntry(
            visit=visit, as_host=visit.host_pole_id == pole.id,
            status=registration.status if registration else None, feedback=feedback_of(visit, pole.id),
            average_rating=sum(ratings) / len(ratings) if ratings else None,
        ))
    return sorted(entries, key=lambda e: e.visit.start_date, reverse=True)


@dataclass
class VisitForNeed:
    visit: LearningVisit
    similarity: float
    threshold: float
    shared_terms: list[str]
    registration: VisitRegistration | None

    @property
    def reasons(self) -> list[str]:
        reasons = [f"Proximité du besoin avec le thème de la visite : {number(self.similarity, 2)} "
                   f"(seuil {number(self.threshold, 2)}, celui qui regroupe les besoins d'un même thème)."]
        if self.shared_terms:
            reasons.append("Mots du thème présents dans le besoin : " + ", ".join(self.shared_terms) + ".")
        return reasons


@dataclass
class _UpcomingVisits:
    """This process's vectors of the visits to come (see ``app.process_cache``)."""

    key: tuple
    visit_ids: list[int]
    host_pole_ids: list[int]
    label_terms: list[dict[str, str]]
    vectors: np.ndarray
    checked_at: float = 0.0
    #: need id and version → [(visit id, similarity, shared terms)], best first.
    matches: OrderedDict = field(default_factory=OrderedDict)


def _upcoming_key() -> tuple:
    return (today(), *db.session.execute(
        select(func.count(LearningVisit.id), func.max(LearningVisit.updated_at), func.sum(LearningVisit.id))
        .where(LearningVisit.start_date > today())).one())


def _fit_upcoming(key: tuple) -> _UpcomingVisits | None:
    visits = list(db.session.scalars(select(LearningVisit).where(LearningVisit.start_date > today())
                                     .order_by(LearningVisit.start_date, LearningVisit.id)))
    if not visits:
        return None
    vectors, _ = embed_texts(db.session, [profile_text(v.title, v.theme_text) for v in visits])
    vectors = vectors.astype(np.float64)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return _UpcomingVisits(key=key, visit_ids=[v.id for v in visits], host_pole_ids=[v.host_pole_id for v in visits],
                           label_terms=[dict(tokenize(f"{v.title} {v.label_terms}")) for v in visits], vectors=vectors)


def _match_visits(index: _UpcomingVisits, need: Need, threshold: float) -> list[tuple[int, float, list[str]]]:
    vectors, _ = embed_texts(db.session, [profile_text(need.title, need.text)])
    vector = vectors[0].astype(np.float64)
    similarity = index.vectors @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
    need_terms = {key for key, _ in tokenize(profile_text(need.title, need.text))}
    matches = [(visit_id, float(sim), [surface for key, surface in terms.items() if key in need_terms][:6])
               for visit_id, host, terms, sim in zip(index.visit_ids, index.host_pole_ids, index.label_terms, similarity)
               if sim >= threshold and host != need.pole_id]
    return sorted(matches, key=lambda m: -m[1])


def upcoming_visits_version() -> tuple:
    """What ``visits_for_need`` reads besides the need: the index of upcoming visits, the fit threshold."""
    return index_version("upcoming-visits", _upcoming_key, _fit_upcoming), fit_similarity()


def visits_for_need(need: Need, *, k: int = 3) -> list[VisitForNeed]:
    """Upcoming visits (not hosted by the need's pole) whose theme fits the need, closest first.

    Which visits fit is kept per need version on this process's index of upcoming visits;
    only the few that fit are loaded, with the pole's registration, on each page.
    """
    index = cached_index("upcoming-visits", _upcoming_key, _fit_upcoming)
    if index is None:
        return []
    threshold = fit_similarity()
    matches = kept(index.matches, (need.id, need.updated_at, need.pole_id, threshold),
                   lambda: _match_visits(index, need, threshold))[:k]
    if not matches:
        return []
    visits = {v.id: v for v in db.session.scalars(
        select(LearningVisit).where(LearningVisit.id.in_([visit_id for visit_id, _, _ in matches]))
        .options(selectinload(LearningVisit.registrations)))}
    return [VisitForNeed(visit=visits[visit_id], similarity=sim, threshold=threshold, shared_terms=shared,
                         registration=registration_of(visits[visit_id], need.pole_id))
            for visit_id, sim, shared in matches if visit_id in visits]


__all__ = [
    "VisitError", "cluster_threshold", "counts", "create_visit", "decline", "invite_poles",
    "pole_visit_record", "register", "save_feedback", "visits_for_need",
]
