"""Messages between the pole's facilitators, the resource person and the organisers who follow a transfer.

Who may read and write is the transfer's own rule (``app.transfers.services.can_see``); a
conversation opens with the acceptance. Each message reaches the other people under their bell
and by mail (each message, or the daily digest, as they chose). A message posted twice (double
click, retry) is stored once: the form carries a one-time key.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.notifications.inbox import notify, preferences_of
from app.refused import Refused
from app.text_rules import has_control_characters, one_line_break, without_direction_controls
from app.transactions import savepoint, transactional
from app.typography import elide, of_pole
from app.transfers.retention import is_past_retention
from app.transfers.services import can_see, facilitators_of
from models import Pairing, PairingEvent, PairingStatus, Role, TransferMessage, User

#: A conversation is open from the resource person's acceptance on.
TALKING = frozenset({PairingStatus.ACCEPTED, PairingStatus.PLANNED, PairingStatus.IN_PROGRESS, PairingStatus.COMPLETED})
#: Contact details are shown once the organisers validated the pair.
CONTACT = TALKING | {PairingStatus.VALIDATED}
MAX_LENGTH = 5000


class ConversationRefused(Refused):
    """A rule of the conversation said no."""


def new_key() -> str:
    return secrets.token_urlsafe(24)


def is_erased(pairing: Pairing) -> bool:
    """Closed longer ago than the retention: its messages are gone (``app.transfers.retention``), none are added."""
    return is_past_retention(pairing, days=current_app.config["TRANSFER_MESSAGES_RETENTION_DAYS"])


def is_open(pairing: Pairing) -> bool:
    return pairing.status in TALKING and not is_erased(pairing)


def people_of(pairing: Pairing) -> list[User]:
    """The pole's facilitators, the resource person, and the organisers who acted on the transfer."""
    people: dict[int, User] = {u.id: u for u in facilitators_of(pairing.need.pole_id)}
    if pairing.resource_person is not None:  # None once the person deleted their account
        people.setdefault(pairing.resource_person.user.id, pairing.resource_person.user)
    organisers = db.session.scalars(select(User).join(PairingEvent, PairingEvent.actor_id == User.id).where(
        PairingEvent.pairing_id == pairing.id, User.role.in_([Role.ORGANISER, Role.ADMIN]), User.is_active.is_(True)))
    for organiser in organisers:
        people.setdefault(organiser.id, organiser)
    return [p for p in people.values() if p.is_active]


def thread(pairing: Pairing) -> list[TransferMessage]:
    return list(db.session.scalars(select(TransferMessage).where(TransferMessage.pairing_id == pairing.id)
                                   .order_by(TransferMessage.created_at, TransferMessage.id)))


def _clean(body: str) -> str:
    text = one_line_break(without_direction_controls(body or "")).strip()
    if has_control_characters(text, multiline=True):
        raise ConversationRefused("Le message contient des caractères de contrôle : retirez-les et réessayez.")
    if not re.search(r"\w", text):
        raise ConversationRefused("Écrivez votre message avant de l'envoyer.")
    if len(text) > MAX_LENGTH:
        raise ConversationRefused(f"Un message fait au plus {MAX_LENGTH:,} caractères.".replace(",", "\u202f"))
    return text


@transactional
def post_message(*, pairing: Pairing, author: User, body: str, idempotency_key: str) -> TransferMessage:
    """Store the message once and tell the others (bell and mail)."""
    if not can_see(pairing, author):
        raise ConversationRefused("Seuls le binôme et l'équipe qui suit ce transfert échangent ici.")
    if is_erased(pairing):
        raise ConversationRefused("Ce transfert est clos depuis plus longtemps que la durée de conservation : "
                                  "sa conversation est fermée.")
    if not is_open(pairing):
        raise ConversationRefused("La conversation s'ouvre quand le transfert est accepté (par la personne ressource, "
                                  "ou par le pôle quand elle lui a proposé son aide).")
    key = (idempotency_key or "")[:64]
    if len(key) < 16:
        raise ConversationRefused("Le formulaire a expiré : rechargez la page et réessayez.")
    existing = db.session.scalar(select(TransferMessage).where(TransferMessage.idempotency_key == key))
    if existing is not None:
        return existing
    message = TransferMessage(pairing_id=pairing.id, author_id=author.id, body=_clean(body), idempotency_key=key)
    try:
        with savepoint():
            db.session.add(message)
            db.session.flush()
    except IntegrityError:  # the same form, posted at the same instant by a second request
        return db.session.scalars(select(TransferMessage).where(TransferMessage.idempotency_key == key)).one()
    for person in people_of(pairing):
        if person.id == author.id:
            continue
        notify(user=person, category="message",
               text=f"Nouveau message {elide('de', author.display_name)} sur le transfert « {pairing.need.title} »",
               url=f"/transferts/{pairing.id}#conversation", key=f"message:{message.id}:user:{person.id}",
               subject=f"Message {elide('de', author.display_name)}\u00a0: {pairing.need.title}",
               template="pair_space/mail_message.txt", message=message, pairing=pairing, author=author)
    return message


@dataclass(frozen=True)
class Contact:
    name: str
    side: str
    email: str | None
    phone: str


def contacts(pairing: Pairing, viewer: User) -> list[Contact]:
    """The other side's contact details, once the pair is validated, for those who agreed to share them."""
    if pairing.status not in CONTACT or not can_see(pairing, viewer):
        return []
    found = []
    pole_people = facilitators_of(pairing.need.pole_id)
    sides = [(u, f"animation {of_pole(pairing.need.pole.name)}") for u in pole_people]
    if pairing.resource_person is not None:  # None once the person deleted their account
        sides.append((pairing.resource_person.user, "personne ressource"))
    for user, side in sides:
        if user.id == viewer.id or not user.is_active:
            continue
        prefs = preferences_of(user.id)
        if prefs.share_contact:
            found.append(Contact(name=user.display_name, side=side, email=user.email, phone=prefs.phone))
        else:
            found.append(Contact(name=user.display_name, side=side, email=None, phone=""))
    return found


@dataclass(frozen=True)
class ConversationView:
    open: bool
    #: Closed beyond the retention: the page says its messages were erased.
    erased: bool
    messages: list[TransferMessage]
    contacts: list[Contact]
    #: The one-time key of the form shown with it.
    key: str


def view_for(pairing: Pairing, viewer: User) -> ConversationView:
    """What the transfer page shows of the conversation to ``viewer`` (who may see the transfer)."""
    erased = is_erased(pairing)
    # A transfer cancelled after messages were exchanged keeps them readable (until the retention erases them).
    return ConversationView(open=is_open(pairing), erased=erased, messages=[] if erased else thread(pairing),
                            contacts=contacts(pairing, viewer), key=new_key())
