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

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.eligibility.services import refusal_for
from app.resources.validation import listed
from app.extensions import db
from app.links import absolute_url
from app.notifications.outbox import enqueue_template
from app.privacy.registry import register_account_deletion, register_data_export
from app.suggestions.capacity import capacity_left, register_load_provider
from models import (
    FeedbackSide, Need, NeedKind, NeedStatus, Offer, Pairing, PairingDay, PairingEvent, PairingFeedback,
    PairingStatus, ParticipantRole, Pole, ResourcePerson, Role, ScheduledSession, SessionKind,
    SessionParticipant, SessionStatus, User, utcnow,
)
from models.forbidden_pair import ForbiddenPair

S = PairingStatus
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


class TransferError(Exception):
    """A refused step; ``str()`` is a French message for the user."""


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


def _check_capacity(person: ResourcePerson, *, extra: int = 1) -> None:
    left = capacity_left(db.session, [person])[person.id]
    if left < extra:
        raise TransferError(
            f"{person.user.display_name} n'a plus de disponibilité cette année "
            f"({person.yearly_capacity} transfert(s) par an, déjà engagé·e)."
        )


# --------------------------------------------------------------------------- #
# Who is who
# --------------------------------------------------------------------------- #


def sides_of(pairing: Pairing, user: User | None) -> set[str]:
    """The sides ``user`` plays in ``pairing``: pole (facilitator of the need's pole), resource, organiser."""
    sides: set[str] = set()
    if user is None or not getattr(user, "is_authenticated", True) or not user.is_active:
        return sides
    if user.has_role(Role.ORGANISER):
        sides.add(ORGANISER)
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


def organisers() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_([Role.ORGANISER, Role.ADMIN]), User.is_active.is_(True))
        .order_by(User.id)))


def _recipients(pairing: Pairing, to_status: PairingStatus) -> list[User]:
    people: dict[int, User] = {}
    if to_status is not S.REQUESTED:
        user = pairing.resource_person.user
        if user.is_active:
            people[user.id] = user
    for user in facilitators_of(pairing.need.pole_id):
        people[user.id] = user
    if to_status in ORGANISER_STEPS:
        for user in organisers():
            people[user.id] = user
    return list(people.values())


def _notify(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str) -> None:
    link = absolute_url("transfers.show", pairing_id=pairing.id)
    for user in _recipients(pairing, to_status):
        if actor is not None and user.id == actor.id:
            continue
        enqueue_template(
            db.session, key=f"pairing:{pairing.id}:{to_status.value}:user:{user.id}", to=user,
            subject=f"{STEP_VERBS[to_status]} — {pairing.need.title}"[:300],
            template="transfers/mail_step.txt", pairing=pairing, status=to_status, actor=actor,
            note=note, link=link,
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


def transition(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str = "",
               now: datetime | None = None, commit: bool = True) -> Pairing:
    """Move ``pairing`` to ``to_status`` if ``actor`` may, record it and notify the others.

    ``actor=None`` is the system (expiry). Raises ``TransferError`` with a French message.
    """
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
    if to_status is S.VALIDATED:
        _check_capacity(pairing.resource_person)
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
    if commit:
        db.session.commit()
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


def request_transfer(*, need: Need, person: ResourcePerson, requester: User, message: str = "",
                     offer_id: int | None = None, score: float | None = None,
                     explanation: dict | None = None) -> Pairing:
    """A facilitator of the need's pole asks for ``person`` (status requested); organisers validate."""
    if not (requester.role is Role.FACILITATOR and requester.pole_id == need.pole_id):
        raise TransferError("Seul·e un·e animateur·rice du pôle peut demander un transfert pour ce besoin.")
    if (not_eligible := refusal_for(need.pole, action="demander un transfert de savoir-faire")) is not None:
        raise TransferError(not_eligible)
    check_pair_allowed(need, person)
    _check_capacity(person)
    pairing = Pairing(need=need, resource_person=person, offer=_offer_of(person, offer_id),
                      status=S.SUGGESTED, score=score, explanation=explanation,
                      requested_by_id=requester.id, created_by_id=requester.id,
                      message=(message or "").strip()[:5000])
    db.session.add(pairing)
    db.session.flush()
    return transition(pairing, S.REQUESTED, actor=requester, note=pairing.message)


def check_proposal(need: Need, person: ResourcePerson) -> None:
    """What ``propose_pairing`` checks, without creating anything: the confirmation page warns at once."""
    check_pair_allowed(need, person)
    _check_capacity(person)


def propose_pairing(*, need: Need, person: ResourcePerson, organiser: User, message: str = "",
                    offer_id: int | None = None, score: float | None = None,
                    explanation: dict | None = None, batch_run_id: int | None = None,
                    commit: bool = True) -> Pairing:
    """An organiser proposes ``person`` for ``need`` (status proposed); the person answers."""
    if not organiser.has_role(Role.ORGANISER):
        raise TransferError("Seule l'équipe d'animation peut proposer un binôme.")
    check_proposal(need, person)
    pairing = Pairing(need=need, resource_person=person, offer=_offer_of(person, offer_id), status=S.SUGGESTED,
                      score=score, explanation=explanation, created_by_id=organiser.id,
                      batch_run_id=batch_run_id, message=(message or "").strip()[:5000])
    db.session.add(pairing)
    db.session.flush()
    return transition(pairing, S.PROPOSED, actor=organiser, note=pairing.message, commit=commit)


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


def plan_day(pairing: Pairing, *, actor: User, day: DayPlan) -> PairingDay:
    """Schedule a transfer day (a ScheduledSession); the first one moves accepted → planned."""
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
        transition(pairing, S.PLANNED, actor=actor, note=f"Journée {stage} planifiée", commit=False)
    else:
        link = absolute_url("transfers.show", pairing_id=pairing.id)
        for user in _recipients(pairing, S.PLANNED):
            if user.id != actor.id:
                enqueue_template(
                    db.session, key=f"pairing:{pairing.id}:day:{session.id}:user:{user.id}", to=user,
                    subject=f"Nouvelle journée de transfert — {pairing.need.title}"[:300],
                    template="transfers/mail_step.txt", pairing=pairing, status=S.PLANNED, actor=actor,
                    note=f"Journée {stage} ajoutée", link=link)
    db.session.commit()
    return planned


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
    feedback = db.session.scalar(select(PairingFeedback).where(
        PairingFeedback.pairing_id == pairing.id, PairingFeedback.author_id == author.id))
    if feedback is None:
        feedback = PairingFeedback(pairing=pairing, author_id=author.id, side=side)
        db.session.add(feedback)
    feedback.rating = int(rating)
    feedback.transferred = (transferred or "").strip()[:5000]
    feedback.comment = (comment or "").strip()[:5000]
    db.session.commit()
    return feedback


def forbid_pair(*, need: Need, person: ResourcePerson, organiser: User, reason: str = "") -> ForbiddenPair:
    """An organiser excludes a (need, person) pair from every future suggestion and batch run."""
    if not organiser.has_role(Role.ORGANISER):
        raise TransferError("Seule l'équipe d'animation peut exclure un binôme.")
    existing = db.session.scalar(select(ForbiddenPair).where(
        ForbiddenPair.need_id == need.id, ForbiddenPair.resource_person_id == person.id))
    if existing is not None:
        return existing
    pair = ForbiddenPair(need_id=need.id, resource_person_id=person.id, reason=(reason or "").strip()[:2000],
                         created_by_id=organiser.id)
    db.session.add(pair)
    db.session.commit()
    return pair


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
        return organisers()
    user = pairing.resource_person.user
    return [user] if user.is_active else []


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
    db.session.commit()
    return sent


def expire_stale_requests(*, now: datetime | None = None) -> int:
    """Expire requests and proposals left unanswered ``REQUEST_EXPIRY_DAYS`` days. Idempotent."""
    now = now or utcnow()
    expiry = timedelta(days=current_app.config["REQUEST_EXPIRY_DAYS"])
    stale = list(db.session.scalars(
        select(Pairing).where(Pairing.status.in_(AWAITING), Pairing.status_changed_at <= now - expiry)
        .order_by(Pairing.id)))
    for pairing in stale:
        transition(pairing, S.EXPIRED, actor=None, now=now, commit=False,
                   note=f"Sans réponse depuis {expiry.days} jours.")
    db.session.commit()
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


def all_pairings(*, status: str = "", region: str = "", theme: str = "", month: str = "") -> list[Pairing]:
    """Every pairing for the organisers' follow-up, filtered (month is ``YYYY-MM`` of creation)."""
    query = _pairing_query()
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


def requested_pairings() -> list[Pairing]:
    return list(db.session.scalars(
        _pairing_query().where(Pairing.status == S.REQUESTED).order_by(Pairing.created_at)).unique())


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


def needs_without_good_match(*, threshold: float) -> tuple[list[Gap], list[tuple[str, int]], list[tuple[str, int]]]:
    """Open transfer needs whose best resource person scores below ``threshold``, by theme and region.

    Guides the recruitment of new resource persons. Capacity is ignored here (a full person is
    still a good match, just busy): only the same-pole rule holds.
    """
    import numpy as np
    from collections import Counter

    from app.refdata import theme_labels
    from app.suggestions.services import affinity_matrix

    needs = list(db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN, Need.kind.in_(TRANSFER_NEED_KINDS))
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


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: Iterable[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def pairings_csv(pairings: Iterable[Pairing]) -> str:
    """Pairings as CSV (semicolons, UTF-8 with BOM: opens as is in French spreadsheets)."""
    return _csv(
        ["id", "statut", "besoin", "pôle", "région", "thèmes", "personne ressource", "score",
         "créé le", "changé le", "terminé le", "journées"],
        ([p.id, p.status.label, p.need.title, p.need.pole.name, p.need.pole.region.name,
          ", ".join(t.code for t in p.need.themes), p.resource_person.user.display_name,
          "" if p.score is None else f"{p.score:.3f}", f"{p.created_at:%Y-%m-%d}",
          f"{p.status_changed_at:%Y-%m-%d}", f"{p.completed_at:%Y-%m-%d}" if p.completed_at else "",
          len(p.days)] for p in pairings))


def all_feedback() -> list[PairingFeedback]:
    return list(db.session.scalars(
        select(PairingFeedback).options(
            joinedload(PairingFeedback.pairing).joinedload(Pairing.need).joinedload(Need.pole),
            joinedload(PairingFeedback.pairing).joinedload(Pairing.resource_person).joinedload(ResourcePerson.user),
            joinedload(PairingFeedback.author))
        .order_by(PairingFeedback.created_at.desc())))


def feedback_csv(feedback: Iterable[PairingFeedback]) -> str:
    return _csv(
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
