"""The pairing lifecycle: who may take each step, its history, its notifications, the load it creates.

Steps (``TRANSITIONS`` says who may take each one)::

    suggested ─┬─> requested (the pole's facilitator asks for a resource person, with a message)
               └─> proposed  (an organiser proposes; a batch approval proposes many at once)
    requested ──> validated  (an organiser)            proposed/validated ──> accepted | declined
    accepted ──> planned (a first transfer day is scheduled) ──> in_progress ──> completed
    any open step ──> cancelled;   requested/proposed/validated unanswered ──> expired (the system)

A proposal already carries an organiser's validation, so the resource person answers it directly.

Load against the yearly capacity (``pairing_load``): pairings created this calendar year whose
status is proposed, validated, accepted, planned, in_progress or completed. A *request* does not
count until an organiser validates it (validation is refused when the person is full), so a
facilitator's wish never blocks the person for others; a proposal counts at once, so a second
batch run never gives the same free place twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from app.access.policy import may_see_region
from app.access.scopes import feedback_in_scope, need_in_scope, pairing_in_scope
from app.eligibility.services import refusal_for
from app.resources.validation import listed
from app.csv_export import csv_text
from app.extensions import db
from app.links import absolute_url
from app.locks import lock_row
from app.notifications.outbox import enqueue_template
from app.scheduling.ics import session_ics
from app.privacy.registry import register_account_deletion, register_data_export
from app.refused import Refused
from app.suggestions.capacity import capacity_left, register_load_provider
from app.transactions import savepoint, transactional
from app.transfers.days import zone_label
from models import (
    FeedbackSide, Need, NeedKind, NeedStatus, Offer, Pairing, PairingDay, PairingEvent, PairingFeedback,
    PairingStatus, ParticipantRole, Pole, ResourcePerson, Role, ScheduledSession, SessionKind,
    SessionParticipant, SessionStatus, User, utcnow,
)
from models.forbidden_pair import ForbiddenPair

S = PairingStatus
R = TypeVar("R")
POLE, RESOURCE, ORGANISER, SYSTEM = "pole", "resource", "organiser", "system"
EVERYONE = frozenset({POLE, RESOURCE, ORGANISER})

#: (from, to) → the sides allowed to take the step.
TRANSITIONS: dict[tuple[PairingStatus, PairingStatus], frozenset[str]] = {
    (S.SUGGESTED, S.REQUESTED): frozenset({POLE}),
    (S.SUGGESTED, S.PROPOSED): frozenset({ORGANISER}),
    (S.SUGGESTED, S.CANCELLED): frozenset({POLE, ORGANISER}),
    (S.REQUESTED, S.VALIDATED): frozenset({ORGANISER}),
    (S.REQUESTED, S.CANCELLED): frozenset({POLE, ORGANISER}),
    (S.REQUESTED, S.EXPIRED): frozenset({SYSTEM}),
    (S.PROPOSED, S.ACCEPTED): frozenset({RESOURCE}),
    (S.PROPOSED, S.DECLINED): frozenset({RESOURCE}),
    (S.PROPOSED, S.CANCELLED): frozenset({POLE, ORGANISER}),
    (S.PROPOSED, S.EXPIRED): frozenset({SYSTEM}),
    (S.VALIDATED, S.ACCEPTED): frozenset({RESOURCE}),
    (S.VALIDATED, S.DECLINED): frozenset({RESOURCE}),
    (S.VALIDATED, S.CANCELLED): frozenset({POLE, ORGANISER}),
    (S.VALIDATED, S.EXPIRED): frozenset({SYSTEM}),
    (S.ACCEPTED, S.PLANNED): EVERYONE,
    (S.ACCEPTED, S.CANCELLED): EVERYONE,
    (S.PLANNED, S.IN_PROGRESS): EVERYONE,
    (S.PLANNED, S.CANCELLED): EVERYONE,
    (S.IN_PROGRESS, S.COMPLETED): EVERYONE,
    (S.IN_PROGRESS, S.CANCELLED): EVERYONE,
}

#: Waiting for someone's answer: reminded, then expired when left unanswered.
AWAITING = (S.REQUESTED, S.PROPOSED, S.VALIDATED)
#: Count against the resource person's yearly capacity (see the module docstring).
LOAD_STATUSES = (S.PROPOSED, S.VALIDATED, S.ACCEPTED, S.PLANNED, S.IN_PROGRESS, S.COMPLETED)
OPEN_STATUSES = tuple(s for s in PairingStatus if s.is_open)
#: Needs that a resource person can answer: transfers, and "any kind of help".
TRANSFER_NEED_KINDS = (NeedKind.TRANSFER, NeedKind.ANY)
#: Organisers hear about these steps; the pole and the resource person hear about every step.
ORGANISER_STEPS = (S.REQUESTED, S.DECLINED, S.CANCELLED, S.EXPIRED, S.COMPLETED)

#: What the button of each step says (an action, where the status label says a state).
STEP_ACTIONS: dict[PairingStatus, str] = {
    S.VALIDATED: "Valider la demande",
    S.ACCEPTED: "Accepter ce transfert",
    S.DECLINED: "Décliner",
    S.PLANNED: "Planifier",
    S.IN_PROGRESS: "Commencer le transfert",
    S.COMPLETED: "Marquer le transfert comme terminé",
    S.CANCELLED: "Annuler le transfert",
}

STEP_VERBS: dict[PairingStatus, str] = {
    S.REQUESTED: "Nouvelle demande de transfert",
    S.PROPOSED: "Proposition de transfert de savoir-faire",
    S.VALIDATED: "Demande de transfert validée",
    S.ACCEPTED: "Transfert accepté",
    S.DECLINED: "Transfert décliné",
    S.PLANNED: "Transfert planifié",
    S.IN_PROGRESS: "Transfert commencé",
    S.COMPLETED: "Transfert terminé",
    S.CANCELLED: "Transfert annulé",
    S.EXPIRED: "Demande de transfert expirée",
}


class TransferError(Refused):
    """The transfer area's refusal (a step, a pair, a run); ``str()`` is a French message for the user."""


# --------------------------------------------------------------------------- #
# Load against capacity
# --------------------------------------------------------------------------- #


def year_start(now: datetime | None = None) -> datetime:
    now = now or utcnow()
    return datetime(now.year, 1, 1)


def pairing_load(session: Session, ids: Sequence[int] | None) -> dict[int, int]:
    """Transfers counted this calendar year per resource person (registered as a load provider)."""
    query = (
        select(Pairing.resource_person_id, func.count(Pairing.id))
        .where(Pairing.status.in_(LOAD_STATUSES), Pairing.created_at >= year_start())
        .group_by(Pairing.resource_person_id)
    )
    if ids is not None:
        if not ids:
            return {}
        query = query.where(Pairing.resource_person_id.in_(list(ids)))
    return {int(person_id): int(count) for person_id, count in session.execute(query)}


register_load_provider(pairing_load)


def _transfers(count: int) -> str:
    return f"{count} transfert{'s' if count > 1 else ''}"


def _lock_person(person: ResourcePerson) -> ResourcePerson:
    """Lock the resource person's row until the unit of work ends.

    Every path that consumes capacity (request, proposal, validation, acceptance, batch
    approval) counts under this lock: concurrent ones wait, then count what the first committed.
    """
    locked = lock_row(db.session, ResourcePerson, person.id)
    if locked is None:
        raise TransferError("Cette personne ressource n'existe plus.")
    return locked


def _check_capacity(person: ResourcePerson, *, extra: int = 1) -> None:
    """Refuse when ``person`` has fewer than ``extra`` transfers left this year (call under ``_lock_person``)."""
    left = capacity_left(db.session, [person])[person.id]
    if left < extra:
        raise TransferError(
            f"{person.user.display_name} n'a plus de disponibilité cette année "
            f"({_transfers(person.yearly_capacity)} par an, déjà engagé{'s' if person.yearly_capacity > 1 else ''}).")


#: Transfers the resource person has said yes to.
COMMITTED_STATUSES = (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS, S.COMPLETED)


def _check_commitment(person: ResourcePerson) -> None:
    """Acceptance: the proposal already counts in the load; the person never says yes beyond capacity."""
    committed = db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.resource_person_id == person.id, Pairing.status.in_(COMMITTED_STATUSES),
        Pairing.created_at >= year_start()))
    if committed >= person.yearly_capacity:
        raise TransferError(
            f"Vous avez déjà accepté {_transfers(committed)} cette année, "
            f"soit votre capacité annuelle ({_transfers(person.yearly_capacity)}).")


def capacity_note(person: ResourcePerson, *, reader_is_person: bool = True) -> str | None:
    """Why a full resource person gets no new transfer this year; None while they have room.

    Written to the person (« Vos 2 transferts de l'année sont engagés ») or, for an organiser,
    about them.
    """
    if capacity_left(db.session, [person])[person.id] > 0:
        return None
    capacity, name = person.yearly_capacity, person.user.display_name
    info = " : les besoins ci-dessous sont montrés pour information."
    if capacity <= 0:
        return ("Votre capacité annuelle est de zéro transfert" if reader_is_person
                else f"La capacité annuelle de {name} est de zéro transfert") + info
    engaged = "est engagé" if capacity == 1 else "sont engagés"
    if reader_is_person:
        owner = "Votre transfert" if capacity == 1 else f"Vos {_transfers(capacity)}"
        plural = "s" if capacity > 1 else ""
        return f"{owner} de l'année {engaged} (proposé{plural}, validé{plural} ou en cours){info}"
    owner = "Le transfert" if capacity == 1 else f"Les {_transfers(capacity)}"
    return f"{owner} de l'année de {name} {engaged}{info}"


# --------------------------------------------------------------------------- #
# Who is who
# --------------------------------------------------------------------------- #


def sides_of(pairing: Pairing, user: User | None) -> set[str]:
    """The sides ``user`` plays in ``pairing``: pole (facilitator of the need's pole), resource, organiser."""
    sides: set[str] = set()
    if user is None or not getattr(user, "is_authenticated", True) or not user.is_active:
        return sides
    if user.has_role(Role.ORGANISER) and may_see_region(user, pairing.need.pole.region_code):
        sides.add(ORGANISER)  # a CRA organises the pairings of its own region only
    if user.role is Role.FACILITATOR and user.pole_id is not None and user.pole_id == pairing.need.pole_id:
        sides.add(POLE)
    if pairing.resource_person.user_id == user.id:
        sides.add(RESOURCE)
    return sides


def can_see(pairing: Pairing, user: User | None) -> bool:
    return bool(sides_of(pairing, user))


def allowed_steps(pairing: Pairing, user: User | None) -> list[PairingStatus]:
    """Statuses ``user`` may move ``pairing`` to now (planning is done by adding a day)."""
    sides = sides_of(pairing, user)
    return [to for (frm, to), who in TRANSITIONS.items() if frm is pairing.status and sides & who]


def facilitators_of(pole_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.pole_id == pole_id, User.role == Role.FACILITATOR, User.is_active.is_(True))
        .order_by(User.id)))


def organisers(region_code: str | None = None) -> list[User]:
    """Active organisers and admins; with ``region_code``, those who may see that region (no other CRA)."""
    query = select(User).where(User.role.in_([Role.ORGANISER, Role.ADMIN]), User.is_active.is_(True))
    if region_code is not None:
        query = query.where(or_(User.role == Role.ADMIN, User.region_code.is_(None), User.region_code == region_code))
    return list(db.session.scalars(query.order_by(User.id)))


def _recipients(pairing: Pairing, to_status: PairingStatus) -> list[User]:
    people: dict[int, User] = {}
    if to_status is not S.REQUESTED:
        user = pairing.resource_person.user
        if user.is_active:
            people[user.id] = user
    for user in facilitators_of(pairing.need.pole_id):
        people[user.id] = user
    if to_status in ORGANISER_STEPS:
        for user in organisers(pairing.need.pole.region_code):
            people[user.id] = user
    return list(people.values())


def _day_told(pairing: Pairing, to_status: PairingStatus) -> PairingDay | None:
    """The day a step's mail is about: the newest planned one, or on cancellation the next one to come."""
    if to_status is S.PLANNED and pairing.days:
        return pairing.days[-1]
    if to_status is S.CANCELLED:
        now = utcnow()
        return next((d for d in sorted(pairing.days, key=lambda d: d.session.starts_at)
                     if d.session.starts_at > now), None)
    return None


def _notify(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str,
            day: PairingDay | None = None) -> None:
    """Tell the other parties; a planned day comes with its date, place and an .ics for their calendar,
    a cancelled transfer with the .ics that takes its next day out of their calendar."""
    link = absolute_url("transfers.show", pairing_id=pairing.id)
    day = day or _day_told(pairing, to_status)
    added = day is not None and to_status is S.PLANNED and day.stage > 1
    attachment = None
    if day is not None:
        attachment = (f"transfert-{pairing.id}-journee-{day.stage}.ics", "text/calendar",
                      session_ics(day.session, cancelled=to_status is S.CANCELLED))
    for user in _recipients(pairing, to_status):
        if actor is not None and user.id == actor.id:
            continue
        key = (f"pairing:{pairing.id}:day:{day.session_id}:user:{user.id}" if added
               else f"pairing:{pairing.id}:{to_status.value}:user:{user.id}")
        subject = (f"Nouvelle journée de transfert — {pairing.need.title}" if added
                   else f"{STEP_VERBS[to_status]} — {pairing.need.title}")
        enqueue_template(
            db.session, key=key, to=user, subject=subject[:300],
            template="transfers/mail_step.txt", pairing=pairing, status=to_status, actor=actor,
            note=note, link=link, day=day, attachment=attachment, zone_label=zone_label,
        )


# --------------------------------------------------------------------------- #
# Steps
# --------------------------------------------------------------------------- #


def _record(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str = "",
            now: datetime | None = None) -> PairingEvent:
    now = now or utcnow()
    event = PairingEvent(pairing=pairing, actor_id=actor.id if actor else None,
                         from_status=pairing.status if pairing.id else None, to_status=to_status,
                         note=note, at=now)
    pairing.status = to_status
    pairing.status_changed_at = now
    db.session.add(event)
    return event


def _sync_need_status(need: Need) -> None:
    """A need with an accepted transfer is in progress; back to open when none is left."""
    if need.status is NeedStatus.CLOSED:
        return
    active = db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.need_id == need.id,
        Pairing.status.in_([S.ACCEPTED, S.PLANNED, S.IN_PROGRESS, S.COMPLETED])))
    need.status = NeedStatus.IN_PROGRESS if active else NeedStatus.OPEN


def _lock_pairing(pairing: Pairing) -> Pairing:
    """Lock ``pairing`` and read its status afresh: two people taking a step at once take it once."""
    if pairing.id is None:
        return pairing
    locked = lock_row(db.session, Pairing, pairing.id)
    if locked is None:
        raise TransferError("Ce transfert n'existe plus.")
    return locked


def refuses_request(pairing: Pairing, to_status: PairingStatus, sides: set[str]) -> bool:
    """An organiser (not the pole itself) cancelling a pole's request refuses it: the pole reads why."""
    return pairing.status is S.REQUESTED and to_status is S.CANCELLED and ORGANISER in sides and POLE not in sides


@transactional
def transition(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str = "",
               now: datetime | None = None) -> Pairing:
    """Move ``pairing`` to ``to_status`` if ``actor`` may, record it and notify the others.

    ``actor=None`` is the system (expiry). Raises ``TransferError`` with a French message.
    """
    pairing = _lock_pairing(pairing)
    step = (pairing.status, to_status)
    who = TRANSITIONS.get(step)
    if who is None:
        raise TransferError(
            f"Impossible de passer de « {pairing.status.label} » à « {to_status.label} ».")
    sides = {SYSTEM} if actor is None else sides_of(pairing, actor)
    if not sides & who:
        raise TransferError("Vous ne pouvez pas effectuer cette étape pour ce transfert.")
    note = (note or "").strip()
    if to_status is S.DECLINED and not note:
        raise TransferError("Indiquez la raison du refus : elle aide l'équipe d'animation.")
    if refuses_request(pairing, to_status, sides) and not note:
        raise TransferError("Indiquez la raison du refus : le pôle la lira avec la réponse à sa demande.")
    if to_status is S.VALIDATED:
        _check_capacity(_lock_person(pairing.resource_person))
    if to_status is S.ACCEPTED:
        _check_commitment(_lock_person(pairing.resource_person))
    now = now or utcnow()
    _record(pairing, to_status, actor=actor, note=note, now=now)
    if to_status in (S.ACCEPTED, S.DECLINED):
        pairing.decided_at = now
    if to_status in (S.DECLINED, S.CANCELLED, S.EXPIRED):
        pairing.decision_note = note
    if to_status is S.COMPLETED:
        pairing.completed_at = now
    if to_status is S.CANCELLED:
        for day in pairing.days:
            day.session.status = SessionStatus.CANCELLED
            day.session.ical_sequence += 1
    db.session.flush()
    _sync_need_status(pairing.need)
    _notify(pairing, to_status, actor=actor, note=note)
    return pairing


def _open_pairing_exists(need_id: int, person_id: int) -> bool:
    return db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.need_id == need_id, Pairing.resource_person_id == person_id,
        Pairing.status.in_(OPEN_STATUSES))) > 0


def check_pair_allowed(need: Need, person: ResourcePerson) -> None:
    """Hard rules for any pairing: open need, other pole, not forbidden, not declined before, no duplicate."""
    if need.status is NeedStatus.CLOSED:
        raise TransferError("Ce besoin est clos.")
    if person.pole_id is not None and person.pole_id == need.pole_id:
        raise TransferError("Une personne ressource n'accompagne jamais son propre pôle.")
    if not person.user.is_active:
        raise TransferError("Cette personne ressource n'est plus active.")
    if not person.is_validated:
        raise TransferError("Cette personne ressource n'est pas encore validée par l'équipe d'animation.")
    if db.session.scalar(select(ForbiddenPair.id).where(
            ForbiddenPair.need_id == need.id, ForbiddenPair.resource_person_id == person.id)) is not None:
        raise TransferError("L'équipe d'animation a exclu ce binôme.")
    if db.session.scalar(select(Pairing.id).where(
            Pairing.need_id == need.id, Pairing.resource_person_id == person.id,
            Pairing.status == S.DECLINED)) is not None:
        raise TransferError("Cette personne ressource a déjà décliné ce besoin.")
    if _open_pairing_exists(need.id, person.id):
        raise TransferError("Un transfert est déjà en cours avec cette personne ressource pour ce besoin.")


def _offer_of(person: ResourcePerson, offer_id: int | None) -> Offer | None:
    if offer_id is None:
        return None
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.resource_person_id != person.id:
        raise TransferError("Cette offre n'appartient pas à la personne ressource choisie.")
    return offer


def pairing_by_key(key: str | None) -> Pairing | None:
    """The pairing a form with this idempotency key already made, if any (read afresh)."""
    if not key:
        return None
    return db.session.scalar(select(Pairing).where(Pairing.idempotency_key == key)
                             .execution_options(populate_existing=True))


def _same_form(existing: Pairing, author: User) -> Pairing:
    """The same form posted again (double click, retry): its pairing, made once."""
    if existing.created_by_id != author.id:
        raise TransferError("Ce formulaire a déjà servi : rechargez la page.")
    return existing


ALREADY_OPEN = "Un transfert est déjà en cours avec cette personne ressource pour ce besoin."


def _create(pairing: Pairing, key: str | None, author: User) -> Pairing | None:
    """Insert ``pairing`` in a savepoint; a lost race on the unique indexes gives the winner or a refusal.

    Returns None when inserted, the existing pairing when the same form won the race.
    """
    try:
        with savepoint():
            db.session.add(pairing)
            db.session.flush()
    except IntegrityError:
        existing = pairing_by_key(key)
        if existing is not None:
            return _same_form(existing, author)
        raise TransferError(ALREADY_OPEN) from None
    return None


@transactional
def request_transfer(*, need: Need, person: ResourcePerson, requester: User, message: str = "",
                     offer_id: int | None = None, score: float | None = None,
                     explanation: dict | None = None, idempotency_key: str | None = None) -> Pairing:
    """A facilitator of the need's pole asks for ``person`` (status requested); organisers validate.

    The same ``idempotency_key`` posted twice (double click, retry) makes one request.
    """
    if not (requester.role is Role.FACILITATOR and requester.pole_id == need.pole_id):
        raise TransferError("Seul·e un·e animateur·rice du pôle peut demander un transfert pour ce besoin.")
    if (not_eligible := refusal_for(need.pole, action="demander un transfert de savoir-faire")) is not None:
        raise TransferError(not_eligible)
    if (existing := pairing_by_key(idempotency_key)) is not None:
        return _same_form(existing, requester)
    person = _lock_person(person)
    if (existing := pairing_by_key(idempotency_key)) is not None:
        return _same_form(existing, requester)
    check_pair_allowed(need, person)
    _check_capacity(person)
    pairing = Pairing(need=need, resource_person=person, offer=_offer_of(person, offer_id),
                      status=S.SUGGESTED, score=score, explanation=explanation,
                      requested_by_id=requester.id, created_by_id=requester.id,
                      message=(message or "").strip()[:5000], idempotency_key=idempotency_key or None)
    if (existing := _create(pairing, idempotency_key, requester)) is not None:
        return existing
    return transition(pairing, S.REQUESTED, actor=requester, note=pairing.message)


def check_proposal(need: Need, person: ResourcePerson) -> None:
    """What ``propose_pairing`` checks, without creating anything: the confirmation page warns at once."""
    check_pair_allowed(need, person)
    _check_capacity(person)


@transactional
def propose_pairing(*, need: Need, person: ResourcePerson, organiser: User, message: str = "",
                    offer_id: int | None = None, score: float | None = None,
                    explanation: dict | None = None, batch_run_id: int | None = None,
                    idempotency_key: str | None = None) -> Pairing:
    """An organiser proposes ``person`` for ``need`` (status proposed); the person answers.

    The proposal counts against the capacity at once, so it is checked under the person's lock.
    The same ``idempotency_key`` posted twice makes one proposal.
    """
    if not organiser.has_role(Role.ORGANISER):
        raise TransferError("Seule l'équipe d'animation peut proposer un binôme.")
    if (existing := pairing_by_key(idempotency_key)) is not None:
        return _same_form(existing, organiser)
    person = _lock_person(person)
    if (existing := pairing_by_key(idempotency_key)) is not None:
        return _same_form(existing, organiser)
    check_proposal(need, person)
    pairing = Pairing(need=need, resource_person=person, offer=_offer_of(person, offer_id), status=S.SUGGESTED,
                      score=score, explanation=explanation, created_by_id=organiser.id,
                      batch_run_id=batch_run_id, message=(message or "").strip()[:5000],
                      idempotency_key=idempotency_key or None)
    if (existing := _create(pairing, idempotency_key, organiser)) is not None:
        return existing
    return transition(pairing, S.PROPOSED, actor=organiser, note=pairing.message)


def proposal_candidates() -> list[tuple[ResourcePerson, int]]:
    """Active resource persons, by name, with their capacity left this year (to propose one by hand)."""
    people = list(db.session.scalars(
        select(ResourcePerson).join(ResourcePerson.user).where(User.is_active.is_(True), listed())
        .options(joinedload(ResourcePerson.user), joinedload(ResourcePerson.region))
        .order_by(User.display_name, ResourcePerson.id)).unique())
    left = capacity_left(db.session, people)
    return [(person, left[person.id]) for person in people]


@dataclass(frozen=True)
class DayPlan:
    """One transfer day, in the pole's local time."""

    starts_at_utc: datetime
    ends_at_utc: datetime
    timezone: str
    location: str = ""
    video_url: str = ""
    label: str = ""


@transactional
def plan_day(pairing: Pairing, *, actor: User, day: DayPlan) -> PairingDay:
    """Schedule a transfer day (a ScheduledSession); the first one moves accepted → planned.

    Everyone else hears of it with the date, the place and an .ics file for their calendar.
    """
    pairing = _lock_pairing(pairing)
    if pairing.status not in (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS):
        raise TransferError("On ne planifie une journée qu'après l'acceptation du transfert.")
    if not sides_of(pairing, actor) & EVERYONE:
        raise TransferError("Vous ne pouvez pas planifier ce transfert.")
    if day.ends_at_utc <= day.starts_at_utc:
        raise TransferError("La fin de la journée doit suivre son début.")
    stage = len(pairing.days) + 1
    person_user = pairing.resource_person.user
    session = ScheduledSession(
        kind=SessionKind.TRANSFER_DAY,
        title=f"Transfert de savoir-faire ({stage}) — {pairing.need.title}"[:200],
        description=f"{pairing.need.pole.name} avec {person_user.display_name}. {day.label}".strip(),
        starts_at=day.starts_at_utc, ends_at=day.ends_at_utc, timezone=day.timezone,
        location=day.location or None, video_url=day.video_url or None,
    )
    session.participants.append(SessionParticipant(user=person_user, role=ParticipantRole.HOST))
    for user in facilitators_of(pairing.need.pole_id):
        if user.id != person_user.id:
            session.participants.append(SessionParticipant(user=user, role=ParticipantRole.PARTICIPANT))
    planned = PairingDay(pairing=pairing, session=session, stage=stage, label=day.label[:200])
    db.session.add(planned)
    db.session.flush()
    if pairing.status is S.ACCEPTED:
        transition(pairing, S.PLANNED, actor=actor, note=f"Journée {stage} planifiée")
    else:
        _notify(pairing, S.PLANNED, actor=actor, note=f"Journée {stage} ajoutée", day=planned)
    return planned


def _insert_once(row: R, winner: Callable[[], R | None]) -> R:
    """Insert ``row`` (one per key); when a concurrent insert won the unique constraint, the winner's row."""
    try:
        with savepoint():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        found = winner()
        if found is None:
            raise
        return found
    return row


@transactional
def give_feedback(pairing: Pairing, *, author: User, rating: int, transferred: str = "",
                  comment: str = "") -> PairingFeedback:
    """Feedback of one side once the transfer is completed (one per author, editable)."""
    if pairing.status is not S.COMPLETED:
        raise TransferError("Le retour se donne une fois le transfert terminé.")
    sides = sides_of(pairing, author)
    if RESOURCE in sides:
        side = FeedbackSide.RESOURCE
    elif POLE in sides:
        side = FeedbackSide.POLE
    else:
        raise TransferError("Seuls le pôle accompagné et la personne ressource donnent leur retour.")
    if not 1 <= int(rating) <= 5:
        raise TransferError("La note va de 1 à 5.")
    def mine() -> PairingFeedback | None:
        return db.session.scalar(select(PairingFeedback).where(
            PairingFeedback.pairing_id == pairing.id, PairingFeedback.author_id == author.id))

    feedback = mine() or _insert_once(PairingFeedback(pairing_id=pairing.id, author_id=author.id, side=side,
                                                      rating=int(rating)), mine)
    feedback.rating = int(rating)
    feedback.transferred = (transferred or "").strip()[:5000]
    feedback.comment = (comment or "").strip()[:5000]
    return feedback


@transactional
def forbid_pair(*, need: Need, person: ResourcePerson, organiser: User, reason: str = "") -> ForbiddenPair:
    """An organiser excludes a (need, person) pair from every future suggestion and batch run."""
    if not organiser.has_role(Role.ORGANISER):
        raise TransferError("Seule l'équipe d'animation peut exclure un binôme.")
    def existing() -> ForbiddenPair | None:
        return db.session.scalar(select(ForbiddenPair).where(
            ForbiddenPair.need_id == need.id, ForbiddenPair.resource_person_id == person.id))

    return existing() or _insert_once(
        ForbiddenPair(need_id=need.id, resource_person_id=person.id, reason=(reason or "").strip()[:2000],
                      created_by_id=organiser.id), existing)


@dataclass(frozen=True)
class NeedPairs:
    """Where resource persons stand with one need, for the suggestions on its page."""

    #: (person id, pairing id, status) of the pairings still going somewhere.
    open: tuple[tuple[int, int, PairingStatus], ...] = ()
    #: Never suggested for this need again: they declined it, or the organisers excluded the pair.
    ruled_out: frozenset[int] = frozenset()

    def open_pairing(self, person_id: int) -> tuple[int, PairingStatus] | None:
        """(pairing id, status) of ``person_id``'s open pairing with the need, if any."""
        return next(((pairing_id, status) for person, pairing_id, status in self.open if person == person_id), None)


#: Why a pair is never suggested again (the batch keeps the reason in its snapshot).
WHY_EXCLUDED, WHY_DECLINED = "interdit", "refus"


def ruled_out_pairs(*, need_id: int | None = None, person_id: int | None = None) -> list[tuple[int, int, str]]:
    """(need id, person id, why) of the pairs never to suggest again, optionally of one need or one person.

    Excluded by the organisers (``WHY_EXCLUDED``) or declined by the resource person (``WHY_DECLINED``):
    the batch, the need page and the resource person's page all leave them out.
    """
    excluded = select(ForbiddenPair.need_id, ForbiddenPair.resource_person_id)
    declined = select(Pairing.need_id, Pairing.resource_person_id).where(Pairing.status == S.DECLINED).distinct()
    if need_id is not None:
        excluded = excluded.where(ForbiddenPair.need_id == need_id)
        declined = declined.where(Pairing.need_id == need_id)
    if person_id is not None:
        excluded = excluded.where(ForbiddenPair.resource_person_id == person_id)
        declined = declined.where(Pairing.resource_person_id == person_id)
    return ([(need, person, WHY_EXCLUDED) for need, person in db.session.execute(excluded)]
            + [(need, person, WHY_DECLINED) for need, person in db.session.execute(declined)])


def pairs_for_need(need_id: int) -> NeedPairs:
    open_pairings = db.session.execute(
        select(Pairing.resource_person_id, Pairing.id, Pairing.status)
        .where(Pairing.need_id == need_id, Pairing.status.in_(OPEN_STATUSES)).order_by(Pairing.id)).all()
    return NeedPairs(open=tuple((person, pairing_id, status) for person, pairing_id, status in open_pairings),
                     ruled_out=frozenset(person for _, person, _ in ruled_out_pairs(need_id=need_id)))


def needs_settled_for(person_id: int) -> frozenset[int]:
    """Needs not to suggest to ``person_id`` again: ruled out (declined, excluded), or already in a transfer."""
    engaged = db.session.scalars(select(Pairing.need_id).where(Pairing.resource_person_id == person_id,
                                                               Pairing.status.in_(OPEN_STATUSES)))
    return frozenset(engaged) | {need for need, _, _ in ruled_out_pairs(person_id=person_id)}


# --------------------------------------------------------------------------- #
# Reminders and expiry (called by the scheduler and `entrepairs expire-requests`)
# --------------------------------------------------------------------------- #


def _waiting_for(pairing: Pairing) -> list[User]:
    """Who must answer: organisers for a request, the resource person for a proposal."""
    if pairing.status is S.REQUESTED:
        return organisers(pairing.need.pole.region_code)
    user = pairing.resource_person.user
    return [user] if user.is_active else []


@transactional
def remind_pending_requests(*, now: datetime | None = None) -> int:
    """Remind whoever must answer a request or proposal ``REQUEST_REMINDER_DAYS_BEFORE`` days before expiry.

    Idempotent (one outbox key per pairing, status and recipient). Returns the messages enqueued.
    """
    now = now or utcnow()
    expiry = timedelta(days=current_app.config["REQUEST_EXPIRY_DAYS"])
    before = timedelta(days=current_app.config["REQUEST_REMINDER_DAYS_BEFORE"])
    pending = db.session.scalars(
        select(Pairing).where(Pairing.status.in_(AWAITING), Pairing.status_changed_at <= now - (expiry - before),
                              Pairing.status_changed_at > now - expiry)
        .options(joinedload(Pairing.need), joinedload(Pairing.resource_person))
        .order_by(Pairing.id))
    sent = 0
    for pairing in pending:
        expires_at = pairing.status_changed_at + expiry
        for user in _waiting_for(pairing):
            message = enqueue_template(
                db.session, key=f"pairing:{pairing.id}:{pairing.status.value}:reminder:user:{user.id}", to=user,
                subject=f"Rappel : transfert en attente de réponse — {pairing.need.title}"[:300],
                template="transfers/mail_reminder.txt", pairing=pairing, expires_at=expires_at,
                link=absolute_url("transfers.show", pairing_id=pairing.id))
            sent += message is not None
    return sent


@transactional
def expire_stale_requests(*, now: datetime | None = None) -> int:
    """Expire requests and proposals left unanswered ``REQUEST_EXPIRY_DAYS`` days. Idempotent."""
    now = now or utcnow()
    expiry = timedelta(days=current_app.config["REQUEST_EXPIRY_DAYS"])
    stale = list(db.session.scalars(
        select(Pairing).where(Pairing.status.in_(AWAITING), Pairing.status_changed_at <= now - expiry)
        .order_by(Pairing.id)))
    for pairing in stale:
        transition(pairing, S.EXPIRED, actor=None, now=now,
                   note=f"Sans réponse depuis {expiry.days} jours.")
    return len(stale)


# --------------------------------------------------------------------------- #
# Lists, follow-up, exports
# --------------------------------------------------------------------------- #


def _pairing_query():  # noqa: ANN202
    return select(Pairing).options(
        joinedload(Pairing.need).joinedload(Need.pole).joinedload(Pole.region),
        joinedload(Pairing.need).selectinload(Need.themes),
        joinedload(Pairing.resource_person).joinedload(ResourcePerson.user),
        joinedload(Pairing.resource_person).joinedload(ResourcePerson.region),
    )


def pairings_for(user: User) -> list[Pairing]:
    """The pairings ``user`` takes part in: their pole's (facilitator), their own (resource person)."""
    conditions = []
    if user.role is Role.FACILITATOR and user.pole_id is not None:
        conditions.append(Pairing.need.has(Need.pole_id == user.pole_id))
    person_id = db.session.scalar(select(ResourcePerson.id).where(ResourcePerson.user_id == user.id))
    if person_id is not None:
        conditions.append(Pairing.resource_person_id == person_id)
    if not conditions:
        return []
    return list(db.session.scalars(
        _pairing_query().where(or_(*conditions)).order_by(Pairing.status_changed_at.desc())).unique())


def all_pairings(*, status: str = "", region: str = "", theme: str = "", month: str = "",
                 viewer: User | None = None) -> list[Pairing]:
    """Every pairing ``viewer`` may see (all without a viewer) for the organisers' follow-up, filtered
    (month is ``YYYY-MM`` of creation)."""
    query = _pairing_query()
    if viewer is not None:
        query = query.where(pairing_in_scope(viewer))
    if status:
        query = query.where(Pairing.status == PairingStatus(status))
    if region:
        query = query.where(Pairing.need.has(Need.pole.has(Pole.region_code == region)))
    if theme:
        from models import Theme

        query = query.where(Pairing.need.has(Need.themes.any(Theme.code == theme)))
    if month:
        try:
            start = datetime.strptime(month, "%Y-%m")
        except ValueError:
            raise TransferError("Mois attendu au format AAAA-MM.") from None
        end = datetime(start.year + (start.month == 12), start.month % 12 + 1, 1)
        query = query.where(Pairing.created_at >= start, Pairing.created_at < end)
    return list(db.session.scalars(query.order_by(Pairing.created_at.desc())).unique())


def requested_pairings(*, viewer: User | None = None) -> list[Pairing]:
    query = _pairing_query().where(Pairing.status == S.REQUESTED)
    if viewer is not None:
        query = query.where(pairing_in_scope(viewer))
    return list(db.session.scalars(query.order_by(Pairing.created_at)).unique())


@dataclass(frozen=True)
class Breakdown:
    by_status: list[tuple[str, int]]
    by_region: list[tuple[str, int]]
    by_theme: list[tuple[str, int]]
    by_month: list[tuple[str, int]]


def breakdown(pairings: Iterable[Pairing]) -> Breakdown:
    """Counts of pairings by status, region of the pole, theme of the need and month of creation."""
    from collections import Counter

    from app.refdata import theme_labels

    labels = theme_labels()
    statuses: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for p in pairings:
        statuses[p.status.label] += 1
        regions[p.need.pole.region.name] += 1
        for t in p.need.themes or []:
            themes[labels.get(t.code, t.code)] += 1
        if not p.need.themes:
            themes["Sans thème"] += 1
        months[p.created_at.strftime("%Y-%m")] += 1
    order = {s.label: i for i, s in enumerate(PairingStatus)}
    return Breakdown(
        by_status=sorted(statuses.items(), key=lambda kv: order[kv[0]]),
        by_region=sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
        by_theme=sorted(themes.items(), key=lambda kv: (-kv[1], kv[0])),
        by_month=sorted(months.items()),
    )


@dataclass(frozen=True)
class Gap:
    need: Need
    best_score: float | None


def needs_without_good_match(*, threshold: float, viewer: User | None = None,
                             ) -> tuple[list[Gap], list[tuple[str, int]], list[tuple[str, int]]]:
    """Open transfer needs whose best resource person scores below ``threshold``, by theme and region.

    Guides the recruitment of new resource persons. Capacity is ignored here (a full person is
    still a good match, just busy): only the same-pole rule holds.
    """
    import numpy as np
    from collections import Counter

    from app.refdata import theme_labels
    from app.suggestions.services import affinity_matrix

    needs = list(db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN, Need.kind.in_(TRANSFER_NEED_KINDS),
                           *([need_in_scope(viewer)] if viewer is not None else []))
        .options(selectinload(Need.themes), joinedload(Need.pole).joinedload(Pole.region)).order_by(Need.id)))
    people = list(db.session.scalars(select(ResourcePerson).where(listed()).order_by(ResourcePerson.id)))
    gaps: list[Gap] = []
    if needs:
        matrix = affinity_matrix(needs, people) if people else np.full((len(needs), 0), -np.inf)
        best = matrix.max(axis=1) if matrix.shape[1] else np.full(len(needs), -np.inf)
        for need, score in zip(needs, best, strict=True):
            if not np.isfinite(score) or score < threshold:
                gaps.append(Gap(need=need, best_score=float(score) if np.isfinite(score) else None))
    labels = theme_labels()
    themes: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    for gap in gaps:
        regions[gap.need.pole.region.name] += 1
        for t in gap.need.themes or []:
            themes[labels.get(t.code, t.code)] += 1
    return (gaps, sorted(themes.items(), key=lambda kv: (-kv[1], kv[0])),
            sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])))


def pairings_csv(pairings: Iterable[Pairing]) -> str:
    """Pairings as CSV (semicolons, UTF-8 with BOM: opens as is in French spreadsheets)."""
    return csv_text(
        ["id", "statut", "besoin", "pôle", "région", "thèmes", "personne ressource", "score",
         "créé le", "changé le", "terminé le", "journées"],
        ([p.id, p.status.label, p.need.title, p.need.pole.name, p.need.pole.region.name,
          ", ".join(t.code for t in p.need.themes), p.resource_person.user.display_name,
          "" if p.score is None else f"{p.score:.3f}", f"{p.created_at:%Y-%m-%d}",
          f"{p.status_changed_at:%Y-%m-%d}", f"{p.completed_at:%Y-%m-%d}" if p.completed_at else "",
          len(p.days)] for p in pairings))


def all_feedback(*, viewer: User | None = None) -> list[PairingFeedback]:
    return list(db.session.scalars(
        select(PairingFeedback).where(*([feedback_in_scope(viewer)] if viewer is not None else [])).options(
            joinedload(PairingFeedback.pairing).joinedload(Pairing.need).joinedload(Need.pole),
            joinedload(PairingFeedback.pairing).joinedload(Pairing.resource_person).joinedload(ResourcePerson.user),
            joinedload(PairingFeedback.author))
        .order_by(PairingFeedback.created_at.desc())))


def feedback_csv(feedback: Iterable[PairingFeedback]) -> str:
    return csv_text(
        ["transfert", "besoin", "pôle", "personne ressource", "côté", "auteur·rice", "note",
         "ce qui a été transmis", "commentaire", "date"],
        ([f.pairing_id, f.pairing.need.title, f.pairing.need.pole.name,
          f.pairing.resource_person.user.display_name, f.side.label,
          f.author.display_name if f.author else "", f.rating, f.transferred, f.comment,
          f"{f.created_at:%Y-%m-%d}"] for f in feedback))


# --------------------------------------------------------------------------- #
# Personal data: what a departing account takes with it
# --------------------------------------------------------------------------- #

def cancel_on_departure(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: a departing resource person's open transfers are cancelled and
    the pole told (the pairings then go with the profile)."""
    person = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    if person is None:
        return
    open_pairings = session.scalars(select(Pairing).where(
        Pairing.resource_person_id == person.id, Pairing.status.in_(OPEN_STATUSES)))
    for pairing in open_pairings:
        note = "La personne ressource a supprimé son compte."
        _record(pairing, S.CANCELLED, actor=None, note=note, now=now)
        pairing.decision_note = note
        for day in pairing.days:
            day.session.status = SessionStatus.CANCELLED
            day.session.ical_sequence += 1
        session.flush()
        _sync_need_status(pairing.need)
        _notify(pairing, S.CANCELLED, actor=None, note=note)


def export_transfers(session: Session, user: User) -> list[dict[str, object]]:
    """Data export hook: the transfers a user asked for, took part in, and their feedback."""
    person = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    conditions = [Pairing.requested_by_id == user.id]
    if person is not None:
        conditions.append(Pairing.resource_person_id == person.id)
    pairings = session.scalars(select(Pairing).where(or_(*conditions)).order_by(Pairing.id))
    feedback = {f.pairing_id: f for f in session.scalars(
        select(PairingFeedback).where(PairingFeedback.author_id == user.id))}
    return [{
        "id": p.id, "besoin": p.need.title, "pole": p.need.pole.name, "statut": p.status.label,
        "message": p.message, "cree_le": p.created_at,
        "mon_retour": ({"note": feedback[p.id].rating, "transmis": feedback[p.id].transferred,
                        "commentaire": feedback[p.id].comment} if p.id in feedback else None),
    } for p in pairings]


register_account_deletion("transferts", cancel_on_departure, order=15)
register_data_export("transferts", export_transfers, order=70)
