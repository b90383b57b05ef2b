"""The resource person's initiative: « Je peux aider » on a need suggested to them.

It makes a request the organisers validate like a pole's (status « demandé », in the console's
requests list), under the same rules as ``app.transfers.services.request_transfer``: the pair is
allowed (``check_pair_allowed``), the pole is eligible, the person has capacity left (counted
under their row lock), one open pair per need and person (the database's unique index, a lost
race turning into a refusal), and the same form posted twice makes one request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from app.eligibility.services import refusal_for
from app.extensions import db
from app.locks import ACCOUNT_DEACTIVATED, lock_active_account, lock_row
from app.notifications.outbox import enqueue_template
from app.pair_space import step_bell  # noqa: F401 - the bell of the request's step
from app.pair_space.conversation import ConversationRefused, _clean
from app.poles.need_status import lock_need
from app.refused import Refused
from app.suggestions.capacity import capacity_left
from app.transactions import savepoint, transactional
from app.transfers import services as transfers
from models import Need, NeedStatus, Pairing, PairingEvent, PairingStatus, ResourcePerson, utcnow

MAX_MESSAGE = 2000
#: Said to a resource person offering help on a need its pole closed since her page was shown.
NEED_CLOSED_MEANWHILE = "Ce besoin a été clos par son pôle entre-temps : votre proposition n'a pas été envoyée."


class InitiativeRefused(Refused):
    """A rule of « Je peux aider » or « Proposer un échange » said no."""


@dataclass(frozen=True)
class TypedBack:
    """A « Je peux aider » or « Proposer un échange » message a rule refused: the need or peer pole it was written
    for (``target_id``), as typed, and why. The page it was written on shows it again in that form (walk 6: the
    text was lost, the reason said at the top of the page)."""

    target_id: int
    text: str
    reason: str


def clean_message(body: str, *, max_length: int = MAX_MESSAGE) -> str:
    """The message, trimmed; refused in French when blank, with control characters, or too long."""
    if len((body or "").strip()) > max_length:
        raise InitiativeRefused(f"Un message fait au plus {max_length:,} caractères.".replace(",", "\u202f"))
    try:
        return _clean(body)
    except ConversationRefused as refusal:
        raise InitiativeRefused(refusal.message) from None


def _lock_person(person: ResourcePerson) -> ResourcePerson:
    locked = lock_row(db.session, ResourcePerson, person.id)
    if locked is None:
        raise InitiativeRefused("Cette personne ressource n'existe plus.")
    return locked


def _same_form(key: str, person: ResourcePerson) -> Pairing | None:
    existing = transfers.pairing_by_key(key)
    if existing is not None and existing.created_by_id != person.user_id:
        raise InitiativeRefused("Ce formulaire a déjà servi : rechargez la page.")
    return existing


@transactional
def offer_help(*, need: Need, person: ResourcePerson, message: str, idempotency_key: str) -> Pairing:
    """``person`` offers to help on ``need``: a request (« demandé ») for the organisers to validate.

    The pole's facilitators are told under the bell and by mail; organisers find it in the console.
    """
    key = (idempotency_key or "")[:64]
    if len(key) < 16:
        raise InitiativeRefused("Le formulaire a expiré : rechargez la page et réessayez.")
    if need.kind not in transfers.TRANSFER_NEED_KINDS:
        raise InitiativeRefused("Ce besoin n'attend pas de transfert de savoir-faire.")
    text = clean_message(message)
    if (not_eligible := refusal_for(need.pole, action="recevoir un transfert de savoir-faire")) is not None:
        raise InitiativeRefused(not_eligible)
    if (existing := _same_form(key, person)) is not None:
        return existing
    # The order every request and proposal locks in (``transfers.lifecycle._open_pairing``): the account, the
    # person, then the need — its pole's « Clore » waits for this offer, or is read here (the pole was told « … peut
    # vous aider » for a need it had just closed).
    if not lock_active_account(db.session, person.user_id):
        raise InitiativeRefused(ACCOUNT_DEACTIVATED)
    person = _lock_person(person)
    if (existing := _same_form(key, person)) is not None:
        return existing
    if lock_need(need).status is NeedStatus.CLOSED:
        raise InitiativeRefused(NEED_CLOSED_MEANWHILE)
    transfers.check_pair_allowed(need, person)
    if capacity_left(db.session, [person])[person.id] < 1:
        raise InitiativeRefused("Votre capacité de transferts pour cette année est atteinte.")
    now = utcnow()
    pairing = Pairing(need=need, resource_person=person, status=PairingStatus.REQUESTED, status_changed_at=now,
                      requested_by_id=person.user_id, created_by_id=person.user_id, message=text,
                      idempotency_key=key)
    try:
        with savepoint():
            db.session.add(pairing)
            db.session.flush()
    except IntegrityError:
        if (existing := _same_form(key, person)) is not None:
            return existing
        raise InitiativeRefused(transfers.ALREADY_OPEN) from None
    db.session.add(PairingEvent(pairing_id=pairing.id, actor_id=person.user_id, from_status=None,
                                to_status=PairingStatus.REQUESTED, note=text, at=now))
    # Under the bell: the step's notice (``step_bell``) reaches the facilitators and the organisers.
    name = person.user.display_name
    for facilitator in transfers.facilitators_of(need.pole_id):
        enqueue_template(db.session, key=f"pairing:{pairing.id}:offer-help:user:{facilitator.id}", to=facilitator,
                         subject=f"{name} peut vous aider — {need.title}"[:300],
                         template="pair_space/mail_offer_help.txt", pairing=pairing, person=person, body=text)
    return pairing
