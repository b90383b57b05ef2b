"""Invitations: an organiser or an administrator invites a lawyer or an organiser, who chooses a password by
the mailed link (a reset link: it stays valid until a password is set, for ``TOKEN_MAX_AGE_SECONDS``).

An invitation is pending while the account is active and has no password. Its mails are the outbox rows keyed
``auth:invite:user:<id>`` (the first) and ``auth:invite:user:<id>:resend:<form key>`` (each resend): the latest
one says when the last link left and so when it expires, with no column of its own. A resend's key carries the
key of the form that asked it, so a double click (the same form twice) mails once, a later click mails again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.auth.role_names import invited_as
from app.auth.services import AccountError, reset_token, find_user_by_email, normalise_email
from app.auth.tokens import token_lifetime_seconds, token_lifetime_text
from app.extensions import db
from app.links import absolute_url
from app.locks import lock_row
from app.notifications.outbox import enqueue
from app.transactions import savepoint, transactional
from app.templating import format_date
from models import LawyerProfile, Organisation, OutboxMessage, Role, User, utcnow

ALREADY_TAKEN = "Un compte existe déjà avec cette adresse e-mail."


class AlreadyInvited(AccountError):
    """The address was invited already and the person has not chosen a password yet; ``str()`` tells an
    administrator to resend it, ``for_organiser`` tells an organiser (who has no account page) whom to ask."""

    def __init__(self, *, user: User, sent_on: str) -> None:
        self.pending = f"Cette adresse a déjà reçu une invitation le {sent_on}, pas encore acceptée"
        super().__init__(f"{self.pending} : renvoyez-la depuis la page du compte plutôt que d'inviter de nouveau.")
        self.user = user

    @property
    def for_organiser(self) -> str:
        return f"{self.pending} : pour un nouveau lien, demandez à l'administration du site de la renvoyer."


@dataclass(frozen=True)
class PendingInvitation:
    """Where the invitation of an account that never chose its password stands."""

    sent_at: datetime
    expires_at: datetime
    #: How many mails of invitation left (the first and every resend).
    sendings: int

    @property
    def expired(self) -> bool:
        return utcnow() >= self.expires_at


def _invite_key(user: User) -> str:
    return f"auth:invite:user:{user.id}"


def is_pending(user: User) -> bool:
    """Invited (or otherwise made) without a password, and still active: nobody can log in to it yet."""
    return user.is_active and not user.password_hash


def pending_invitation(user: User) -> PendingInvitation | None:
    """The invitation still waiting for ``user`` (None once a password is chosen or the account deactivated)."""
    if not is_pending(user):
        return None
    key = _invite_key(user)
    mails = (OutboxMessage.key == key) | OutboxMessage.key.startswith(f"{key}:", autoescape=True)
    last, count = db.session.execute(
        select(func.max(OutboxMessage.created_at), func.count()).where(mails)).one()
    sent_at = last or user.created_at  # mails erased: the invitation left when the account was made
    return PendingInvitation(sent_at=sent_at, expires_at=sent_at + timedelta(seconds=token_lifetime_seconds()),
                             sendings=max(count, 1))


def _enqueue_invitation(user: User, *, inviter: User | None, key: str) -> bool:
    """Mail the link to choose a password; False when a mail with this key left already."""
    return enqueue(db.session, key=key, to=user, subject="Invitation à rejoindre Entrepairs",
                   body=render_template("auth/mail_invite.txt", user=user, inviter=inviter,
                                        invited_as=invited_as(user.role, user.organisation),
                                        link_lifetime=token_lifetime_text(),
                                        link=absolute_url("auth.reset", token=reset_token(user)))) is not None


def _refuse_taken(email: str) -> None:
    existing = find_user_by_email(email)
    if existing is None:
        return
    invitation = pending_invitation(existing)
    if invitation is not None:
        raise AlreadyInvited(user=existing, sent_on=format_date(invitation.sent_at))
    raise AccountError(ALREADY_TAKEN)


@transactional
def invite_user(*, inviter: User, display_name: str, email: str, role: Role,
                organisation: Organisation | None = None) -> User:
    """An organiser invites a lawyer or another organiser (of ``organisation``, which the mail names); the link
    lets them set a password. An address already invited and still pending is ``AlreadyInvited``."""
    if role not in (Role.LAWYER, Role.ORGANISER):
        raise AccountError("On ne peut inviter que des avocat·es ou des organisateur·rices.")
    email = normalise_email(email)
    _refuse_taken(email)
    user = User(display_name=display_name.strip(), email=email, role=role, invited_by_id=inviter.id,
                organisation=organisation)
    try:
        with savepoint():  # added inside it: a SAVEPOINT first flushes what is pending, outside its reach
            db.session.add(user)
            if role is Role.LAWYER:
                db.session.add(LawyerProfile(user=user, specialties=""))
            db.session.flush()
    except IntegrityError:  # invited at the same instant (a double click): say what the first click did
        _refuse_taken(email)
        raise AccountError(ALREADY_TAKEN) from None
    _enqueue_invitation(user, inviter=inviter, key=_invite_key(user))
    current_app.logger.info("Invitation enregistrée pour %s (%s)", email, role.value)
    return user


@transactional
def invite_admin(*, display_name: str, email: str) -> User:
    """An administrator made from the command line (``entrepairs create-admin``: the first one, or a new one
    when nobody can log in any more); the mailed link lets them choose a password, like any invitation."""
    email = normalise_email(email)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise AccountError(f"Adresse e-mail invalide : « {email} ».")
    if not display_name.strip():
        raise AccountError("Donnez le nom de la personne (par exemple « Camille Martin »).")
    _refuse_taken(email)
    user = User(display_name=display_name.strip(), email=email, role=Role.ADMIN)
    db.session.add(user)
    db.session.flush()
    _enqueue_invitation(user, inviter=None, key=_invite_key(user))
    current_app.logger.info("Invitation d'administration enregistrée pour %s", email)
    return user


@transactional
def resend_invitation(*, sender: User | None, user: User, form_key: str) -> bool:
    """A fresh link for a pending invitation, mailed once per form (``form_key``): True when mailed now,
    False when this form had it mailed already (a double click).

    The account is locked first: a double click's two requests take turns (the second finds the first one's
    mail), and a password chosen at the same moment either comes after this mail or refuses it."""
    user = lock_row(db.session, User, user.id) or user
    if user.password_hash:
        raise AccountError("Cette personne a déjà choisi son mot de passe : il n'y a plus d'invitation à renvoyer.")
    if not user.is_active:
        raise AccountError("Ce compte est désactivé : réactivez-le avant de renvoyer l'invitation.")
    return _enqueue_invitation(user, inviter=sender, key=f"{_invite_key(user)}:resend:{form_key}")
