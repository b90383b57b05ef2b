"""The pairing lifecycle: taking a step (who may, its history), requesting and proposing a pair,
planning its days, the feedback at the end, and excluding a pair.

The steps and who may take them are in ``app.transfers.states``; the capacity and the rules of a pair
in ``app.transfers.pair_rules``; the mails of a step (recipients, notice, .ics) in
``app.transfers.step_notices``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.eligibility.services import refusal_for
from app.extensions import db
from app.scheduling.meetings import cancel_meeting, create_meeting, meeting_title, set_details, set_participants
from app.locks import ACCOUNT_DEACTIVATED, lock_row, lock_rows
from app.notifications.outbox import cancel_pending
from app.poles.need_status import lock_need, sync_need_status
from app.poles.region_lock import lock_region_of
from app.refused import Problem
from app.resources.validation import listed
from app.suggestions.capacity import capacity_left
from app.templating import format_range, french_day, local_day
from app.text_rules import bounded_text
from app.transactions import savepoint, transactional
from app.transfers.day_rules import DAY_ALREADY_RECORDED, day_overlaps, day_problems
from app.transfers.expiry import reminder_prefix
from app.transfers.pair_rules import _check_capacity, _lock_person, check_pair_allowed
from app.transfers.parties import facilitators_of, sides_of
from app.transfers.states import ENDING_STEPS, EVERYONE, POLE, RESOURCE, S, TransferError
from app.transfers.step_rules import check_step
from app.transfers.step_notices import days_to_come, notify_ended, notify_step
from models import (
    FeedbackSide, Need, Offer, Pairing, PairingDay, PairingEvent, PairingFeedback, PairingStatus,
    ParticipantRole, ResourcePerson, Role, MeetingKind, MeetingStatus, User,
    utcnow,
)
from models.forbidden_pair import ForbiddenPair

R = TypeVar("R")

#: Longest texts typed on the transfer forms (the forms say them; the services refuse longer, never cut).
MESSAGE_MAX, DAY_LABEL_MAX, FEEDBACK_TEXT_MAX, FORBID_REASON_MAX = 5000, 200, 5000, 2000


# --------------------------------------------------------------------------- #
# Steps
# --------------------------------------------------------------------------- #


def _record(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str = "",
            now: datetime | None = None) -> PairingEvent:
    now = now or utcnow()
    event = PairingEvent(pairing=pairing, actor_id=actor.id if actor else None, by_system=actor is None,
                         from_status=pairing.status if pairing.id else None, to_status=to_status,
                         note=note, at=now)
    pairing.status = to_status
    pairing.status_changed_at = now
    db.session.add(event)
    return event


def _lock_pairing(pairing: Pairing) -> Pairing:
    """Lock ``pairing`` and read its status afresh (its pole's region first, ``app.poles.region_lock``): a step is taken once."""
    lock_region_of(pairing.need)
    if pairing.id is None:
        return pairing
    locked = lock_row(db.session, Pairing, pairing.id)
    if locked is None:
        raise TransferError("Ce transfert n'existe plus.")
    return locked


@transactional
def transition(pairing: Pairing, to_status: PairingStatus, *, actor: User | None, note: str = "",
               now: datetime | None = None, via: tuple[PairingStatus, str] | None = None,
               day: PairingDay | None = None) -> Pairing:
    """Move ``pairing`` to ``to_status`` if ``actor`` may, record it and notify the others.

    ``via`` (a step and its note) is taken first, in the same go: both steps are in the history, the others hear
    of the last one only, with ``day`` when a day brought it (a held first day on an accepted transfer: planned,
    then in progress, told once as « Transfert commencé »). ``actor=None`` is the system (expiry). Raises
    ``TransferError`` with a French message.
    """
    pairing = _lock_pairing(pairing)
    steps = [*([via] if via is not None else []), (to_status, note)]
    status, notes = pairing.status, []
    for step_to, step_note in steps:  # every step checked before any is recorded: all of them or none
        notes.append(check_step(pairing, status, step_to, actor=actor, note=step_note))
        status = step_to
    now = now or utcnow()
    # The reminders of the wait now over, not sent yet: one the job wrote as this answer came would follow it.
    cancel_pending(db.session, key_prefix=reminder_prefix(pairing))
    for (step_to, _), step_note in zip(steps, notes, strict=True):
        _record(pairing, step_to, actor=actor, note=step_note, now=now)
    note = notes[-1]
    if to_status in (S.ACCEPTED, S.DECLINED):
        pairing.decided_at = now
    if to_status in (S.DECLINED, S.CANCELLED, S.EXPIRED):
        pairing.decision_note = note
    if to_status is S.COMPLETED:
        pairing.completed_at = now
    to_come = days_to_come(pairing)
    if to_status in ENDING_STEPS:
        # A cancelled transfer's days all end; a completed one's days to come were not needed. Each: status,
        # SEQUENCE, pending reminders (its .ics CANCEL goes with the notice).
        for ended in pairing.days if to_status is S.CANCELLED else to_come:
            cancel_meeting(meeting=ended.session)
    db.session.flush()
    sync_need_status(pairing.need)
    if to_status in ENDING_STEPS:
        notify_ended(pairing, to_status, actor=actor, note=note, days=to_come)
    else:
        notify_step(pairing, to_status, actor=actor, note=note, day=day)
    return pairing


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
    """Insert ``pairing`` in a savepoint; a lost race on the unique indexes gives the winner or a refusal: None when
    inserted, the existing pairing when the same form won the race."""
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


def _lock_accounts(author: User, person: ResourcePerson) -> None:
    """Lock the author's and the person's accounts (before the person's row, in id order: never a deadlock) and
    refuse when the author's was deactivated meanwhile; the person's is read fresh, for ``check_pair_allowed``. A
    deactivation then comes before the pairing (refused) or waits for it (the account page names it)."""
    accounts = lock_rows(db.session, User, [author.id, person.user_id])
    if not (author.id in accounts and accounts[author.id].is_active):
        raise TransferError(ACCOUNT_DEACTIVATED)


def _open_pairing(*, need: Need, person: ResourcePerson, author: User, to_status: PairingStatus, message: str,
                  offer_id: int | None, idempotency_key: str | None, **fields: Any) -> Pairing:
    """Make the pairing a form asks for (a request or a proposal) and move it to ``to_status``, once.

    The same ``idempotency_key`` posted again gives the first pairing; the pair rules and the capacity
    are checked under the person's lock, so two forms racing for the last place cannot both pass.
    ``fields``: the other columns of the new pairing (score, explanation, requester or batch run).
    """
    message = bounded_text(message, field_label="Message", most=MESSAGE_MAX, error=TransferError)
    if (existing := pairing_by_key(idempotency_key)) is not None:
        return _same_form(existing, author)
    lock_region_of(need)  # before the accounts (``app.poles.region_lock``): the transition's sides read its region
    _lock_accounts(author, person)
    person = _lock_person(person)
    if (existing := pairing_by_key(idempotency_key)) is not None:
        return _same_form(existing, author)
    check_proposal(lock_need(need), person)  # the need's lock: its pole's closing waits, or is read
    pairing = Pairing(need=need, resource_person=person, offer=_offer_of(person, offer_id), status=S.SUGGESTED,
                      created_by_id=author.id, message=message,
                      idempotency_key=idempotency_key or None, **fields)
    if (existing := _create(pairing, idempotency_key, author)) is not None:
        return existing
    return transition(pairing, to_status, actor=author, note=pairing.message)


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
    return _open_pairing(need=need, person=person, author=requester, to_status=S.REQUESTED, message=message,
                         offer_id=offer_id, idempotency_key=idempotency_key, score=score,
                         explanation=explanation, requested_by_id=requester.id)


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
    return _open_pairing(need=need, person=person, author=organiser, to_status=S.PROPOSED, message=message,
                         offer_id=offer_id, idempotency_key=idempotency_key, score=score,
                         explanation=explanation, batch_run_id=batch_run_id)


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
    #: A day the pair records after it was held (a date already past is refused otherwise: ``day_rules``).
    already_held: bool = False


@transactional
def plan_day(pairing: Pairing, *, actor: User, day: DayPlan) -> PairingDay:
    """Schedule a transfer day (a Meeting); the first one moves accepted → planned, one held → in progress.

    Everyone else hears of it with the date, the place and an .ics file for their calendar.
    """
    pairing = _lock_pairing(pairing)
    if pairing.status not in (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS):
        raise TransferError("On ne planifie une journée qu'après l'acceptation du transfert.")
    if not sides_of(pairing, actor) & EVERYONE:
        raise TransferError("Vous ne pouvez pas planifier ce transfert.")
    problems = day_problems(day.starts_at_utc, day.ends_at_utc, utcnow(), already_held=day.already_held)
    if problems:
        raise TransferError.of(problems)
    label = bounded_text(day.label, field_label="Objet de la journée (étape)", most=DAY_LABEL_MAX, multiline=False,
                         error=TransferError)
    if (same := _recorded_at(pairing, day)) is not None:  # the form sent twice (double click, Back then send)
        if (same.label, same.session.location or "", same.session.video_url or "") == (
                label, day.location or "", day.video_url or ""):
            return same
        raise TransferError.of([Problem(DAY_ALREADY_RECORDED, "day")])
    if (other := _overlapping(pairing, day)) is not None:  # the same people twice at the same hours
        when = format_range(other.session.starts_at, other.session.ends_at, other.session.timezone)
        raise TransferError.of([Problem(day_overlaps(when), "start")])
    person_user = pairing.resource_person.user
    session = create_meeting(
        kind=MeetingKind.TRANSFER_DAY, title=_day_title(pairing, len(pairing.days) + 1),
        description=f"{pairing.need.pole.name} avec {person_user.display_name}. {label}".strip(),
        starts_at=day.starts_at_utc, ends_at=day.ends_at_utc, timezone=day.timezone,
        location=day.location or None, video_url=day.video_url or None,
    )
    wanted = {user.id: ParticipantRole.PARTICIPANT for user in facilitators_of(pairing.need.pole_id)}
    wanted[person_user.id] = ParticipantRole.HOST
    set_participants(meeting=session, wanted=wanted, new=True)
    planned = PairingDay(pairing=pairing, session=session, stage=len(pairing.days) + 1, label=label)
    db.session.add(planned)
    db.session.flush()
    _number_by_date(pairing)
    # The history names the day by its date: its number changes when an earlier day is recorded after it.
    which = f"Journée du {french_day(local_day(session.starts_at, session.timezone))}"
    planned_step = (S.PLANNED, f"{which} planifiée")
    if day.already_held and pairing.status in (S.ACCEPTED, S.PLANNED):
        # A day held: the transfer has begun. Both steps in the history, one mail: « Transfert commencé ».
        transition(pairing, S.IN_PROGRESS, actor=actor, note=f"{which} déjà tenue", day=planned,
                   via=planned_step if pairing.status is S.ACCEPTED else None)
    elif pairing.status is S.ACCEPTED:
        transition(pairing, planned_step[0], actor=actor, note=planned_step[1])
    else:
        notify_step(pairing, S.PLANNED, actor=actor, note=f"{which} ajoutée", day=planned)
    return planned


def _recorded_at(pairing: Pairing, day: DayPlan) -> PairingDay | None:
    """The transfer's day at these very times, if one is recorded (read under the transfer's lock)."""
    return next((d for d in pairing.days if d.session.status is not MeetingStatus.CANCELLED
                 and (d.session.starts_at, d.session.ends_at) == (day.starts_at_utc, day.ends_at_utc)), None)


def _overlapping(pairing: Pairing, day: DayPlan) -> PairingDay | None:
    """A day of the transfer (not cancelled) holding part of ``day``'s hours; one ending as it starts does not."""
    return next((d for d in pairing.days if d.session.status is not MeetingStatus.CANCELLED
                 and d.session.starts_at < day.ends_at_utc and day.starts_at_utc < d.session.ends_at), None)


def _day_title(pairing: Pairing, stage: int) -> str:
    return meeting_title(pairing.need.title, head=f"Transfert de savoir-faire ({stage}) — ")


def _number_by_date(pairing: Pairing) -> None:
    """Steps follow the days' dates, whatever the order they were entered in: a day recorded after the fact
    (« Cette journée a déjà eu lieu ») before the days already planned becomes step 1, and each later day moves
    up one, its calendar title with it (the page, « Première journée » and the mails say the same step)."""
    ordered = sorted(pairing.days, key=lambda d: (d.session.starts_at, d.id))
    for stage, day in enumerate(ordered, start=1):
        if day.stage != stage:
            day.stage = stage
            set_details(meeting=day.session, title=_day_title(pairing, stage))  # cut to its column, SEQUENCE moved


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
    transferred = bounded_text(transferred, field_label="Ce qui a été transmis", most=FEEDBACK_TEXT_MAX,
                               error=TransferError)
    comment = bounded_text(comment, field_label="Commentaire libre", most=FEEDBACK_TEXT_MAX, error=TransferError)
    def mine() -> PairingFeedback | None:
        return db.session.scalar(select(PairingFeedback).where(
            PairingFeedback.pairing_id == pairing.id, PairingFeedback.author_id == author.id))

    feedback = mine() or _insert_once(PairingFeedback(pairing_id=pairing.id, author_id=author.id, side=side,
                                                      rating=int(rating)), mine)
    feedback.rating = int(rating)
    feedback.transferred, feedback.comment = transferred, comment
    return feedback


@transactional
def forbid_pair(*, need: Need, person: ResourcePerson, organiser: User, reason: str = "") -> ForbiddenPair:
    """An organiser excludes a (need, person) pair from every future suggestion and batch run."""
    if not organiser.has_role(Role.ORGANISER):
        raise TransferError("Seule l'équipe d'animation peut exclure un binôme.")
    reason = bounded_text(reason, field_label="Motif", most=FORBID_REASON_MAX, multiline=False, error=TransferError)
    def existing() -> ForbiddenPair | None:
        return db.session.scalar(select(ForbiddenPair).where(
            ForbiddenPair.need_id == need.id, ForbiddenPair.resource_person_id == person.id))

    return existing() or _insert_once(
        ForbiddenPair(need_id=need.id, resource_person_id=person.id, reason=reason,
                      created_by_id=organiser.id), existing)
