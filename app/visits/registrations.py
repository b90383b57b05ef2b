"""Registration with capacity and waitlist, the participants of the two days, and the mails of each change.

Capacity is enforced like slots: every registration change first locks the visit row
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite an ``UPDATE`` of the row, which takes
the database write lock), then counts the registered poles, so concurrent requests are
serialised and the registered count never exceeds the capacity. A registered pole that
withdraws frees its place for the first pole on the waitlist, promoted exactly once under
the same lock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app.eligibility.services import refusal_for
from app.extensions import db
from app.poles.facilitators import active_facilitators
from app.locks import ACCOUNT_DEACTIVATED, lock_active_account, lock_row
from app.notifications.inbox import notify
from app.notifications.outbox import enqueue_template
from app.scheduling.meetings import set_participants
from app.scheduling.thanks import take_back_thanks as take_back
from app.scheduling.thanks import thanks_due_at
from app.transactions import transactional
from app.visits.common import VisitError, hours_said, today
from models import LearningVisit, ParticipantRole, Pole, User, VisitRegistration, VisitRegistrationStatus, utcnow


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
        raise VisitError("Votre pôle n'est pas invité à cette visite.")
    return registration


def registered_count(visit_id: int) -> int:
    return db.session.scalar(select(func.count(VisitRegistration.id)).where(
        VisitRegistration.visit_id == visit_id,
        VisitRegistration.status == VisitRegistrationStatus.REGISTERED)) or 0


def _check_upcoming(visit: LearningVisit) -> None:
    if visit.start_date <= today(visit.timezone):
        raise VisitError("La visite a commencé : les inscriptions sont closes.")


@transactional
def register(*, visit_id: int, pole_id: int, user: User) -> VisitRegistration:
    """Register an invited pole: a place if one is left, else the waitlist. Idempotent. The account is locked
    first: a deactivation committed meanwhile refuses the place, one that comes after waits for it."""
    if not lock_active_account(db.session, user.id):
        raise VisitError(ACCOUNT_DEACTIVATED)
    pole = db.session.get(Pole, pole_id)
    if pole is not None and (not_eligible := refusal_for(pole, action="s'inscrire à une visite apprenante")):
        raise VisitError(not_eligible)
    visit = _lock_visit(visit_id)
    _check_upcoming(visit)
    registration = _locked_registration(visit, pole_id)
    if registration.status in (VisitRegistrationStatus.REGISTERED, VisitRegistrationStatus.WAITLISTED):
        return registration
    full = registered_count(visit.id) >= visit.capacity
    registration.status = VisitRegistrationStatus.WAITLISTED if full else VisitRegistrationStatus.REGISTERED
    registration.requested_at = utcnow()
    registration.responded_by_id = user.id
    registration.version += 1
    db.session.flush()
    sync_participants(visit)
    _notify(visit, registration, "waitlisted" if full else "registered")
    return registration


@transactional
def decline(*, visit_id: int, pole_id: int, user: User) -> VisitRegistration | None:
    """Decline the invitation, or withdraw once registered or on the waitlist (``WITHDRAWN``: organisers and
    statistics tell the two apart). A freed place goes to the first pole on the waitlist, once.

    Returns the promoted registration, if any.
    """
    visit = _lock_visit(visit_id)
    _check_upcoming(visit)
    registration = _locked_registration(visit, pole_id)
    if registration.status.stays_away:
        return None
    was_registered = registration.status is VisitRegistrationStatus.REGISTERED
    asked = registration.status in (VisitRegistrationStatus.REGISTERED, VisitRegistrationStatus.WAITLISTED)
    registration.status = VisitRegistrationStatus.WITHDRAWN if asked else VisitRegistrationStatus.DECLINED
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
    sync_participants(visit)
    return promoted


def sync_participants(visit: LearningVisit, *, bump: bool = True) -> None:
    """Participants of both days: host facilitators (host) and registered poles' facilitators.

    A day whose participants change gets its iCalendar SEQUENCE bumped (not at creation: ``bump=False``).
    """
    wanted: dict[int, ParticipantRole] = {u.id: ParticipantRole.HOST for u in active_facilitators(visit.host_pole_id)}
    registered = db.session.scalars(select(VisitRegistration.pole_id).where(
        VisitRegistration.visit_id == visit.id, VisitRegistration.status == VisitRegistrationStatus.REGISTERED))
    for pole_id in registered:
        for user in active_facilitators(pole_id):
            wanted.setdefault(user.id, ParticipantRole.PARTICIPANT)
    for day in visit.sessions:
        set_participants(meeting=day, wanted=wanted, new=not bump)


MAIL_SUBJECTS = {
    "invitation": "Invitation à la visite apprenante «\u00a0{title}\u00a0»",  # in « » as the others (walk 19)
    "registered": "Inscription confirmée\u00a0: visite apprenante «\u00a0{title}\u00a0»",
    "waitlisted": "Liste d'attente\u00a0: visite apprenante «\u00a0{title}\u00a0»",
    "promoted": "Une place est disponible\u00a0: votre pôle est inscrit à la visite «\u00a0{title}\u00a0»",
    "declined": "Désistement enregistré\u00a0: visite apprenante «\u00a0{title}\u00a0»",
    "thanks": "Merci de votre venue\u00a0: votre avis sur la visite «\u00a0{title}\u00a0»",
}


HOSTING_SUBJECT = "Votre pôle accueille la visite apprenante «\u00a0{title}\u00a0»"


def notify_host(visit: LearningVisit) -> None:
    """The host pole's facilitators learn that their pole hosts the visit (before, nothing told them: the two days
    only appeared in their calendar)."""
    subject = HOSTING_SUBJECT.format(title=visit.title)[:300]
    for user in active_facilitators(visit.host_pole_id):
        notify(user=user, category="visit", text=subject, url=f"/visites/{visit.id}",
               key=f"visit:{visit.id}:host:{visit.host_pole_id}:user:{user.id}", subject=subject,
               template="visits/mail_hosting.txt", visit=visit, pole=visit.host_pole, hours=hours_said())


#: Events the pole did not cause itself: they also ring the facilitators' bell (category of the notice).
BELL_CATEGORIES = {"invitation": "visit", "promoted": "seat"}


def thank(visit: LearningVisit, registration: VisitRegistration) -> None:
    """A pole just noted present: its facilitators are thanked and asked their feedback, as the people of a
    collective session are (``app.scheduling.thanks``): at the end of the visit when noted while it goes on, once
    whatever the saves of the presences (the key of the registration's version)."""
    _notify(visit, registration, "thanks", due_at=thanks_due_at(visit.sessions))


def take_back_thanks(visit: LearningVisit, registration: VisitRegistration) -> None:
    """A pole noted present by mistake, then not: its thanks still waiting for the end of the visit are not sent."""
    take_back(registration, key_prefix=_key_of(visit, registration, "thanks"))


def _key_of(visit: LearningVisit, registration: VisitRegistration, event: str) -> str:
    """What the keys of ``event`` told to the pole's facilitators begin with (the registration as it is now)."""
    return f"visit:{visit.id}:registration:{registration.id}:v{registration.version}:{event}:"


def _notify(visit: LearningVisit, registration: VisitRegistration, event: str, *,
            due_at: datetime | None = None) -> None:
    """One message per facilitator of the pole and per registration change (unique outbox keys); ``due_at``: when
    a mail without a bell notice leaves (None: at once)."""
    for user in active_facilitators(registration.pole_id):
        key = f"{_key_of(visit, registration, event)}user:{user.id}"
        subject = MAIL_SUBJECTS[event].format(title=visit.title)[:300]
        context = {"visit": visit, "registration": registration, "pole": registration.pole}
        if event in BELL_CATEGORIES:
            notify(user=user, category=BELL_CATEGORIES[event], text=subject, url=f"/visites/{visit.id}", key=key,
                   subject=subject, template=f"visits/mail_{event}.txt", **context)
        else:
            enqueue_template(db.session, key=key, to=user, subject=subject, template=f"visits/mail_{event}.txt",
                             due_at=due_at, **context)
