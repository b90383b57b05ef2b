"""Account operations: sign-up, confirmation, login, logout, password reset (invitations: ``invitations``).

No answer tells whether an address has an account: sign-up always says "check your mail" (the
mail to a known address says "you already have an account"), a wrong password costs the same
Argon2 check for a known and an unknown address, and forgot-password and resend-confirmation
answer the same for both. Every mail goes through the outbox (a mail outage never breaks a
page); its keys carry a ten-minute bucket, so a form sent again and again mails once per bucket.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import TypeVar

from flask import current_app, render_template
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.auth.passwords import hash_password, verify_password
from app.auth.tokens import TokenError, make_token, read_token, token_lifetime_text
from app.extensions import db
from app.links import absolute_url
from app.locks import lock_row
from app.notifications.outbox import enqueue
from app.ratelimit import TOO_MANY_ATTEMPTS, LoginLimits, admit_login_attempt, forget_login_failures
from app.refused import Problem, Refused
from app.text_rules import without_direction_controls
from app.transactions import savepoint, transactional
from models import Role, User, utcnow

WRONG_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
T = TypeVar("T")


class AccountError(Refused):
    """A refused account operation; ``str()`` is a French message for the page."""


class UnconfirmedEmail(AccountError):
    """The password is right but the address is not confirmed yet (shown under the e-mail field)."""


class TooManyAttempts(AccountError):
    """The login limit of the address or of the IP is reached (HTTP 429)."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


@cache
def _dummy_hash() -> str:
    """An Argon2 hash of nothing anybody types, checked for unknown addresses so they take as long."""
    return hash_password("entrepairs: no account has this password")


def mail_bucket(now: datetime | None = None) -> str:
    """Ten-minute bucket of an outbox key: the same mail asked twice within it is enqueued once."""
    now = now or utcnow()
    return f"{now:%Y%m%d%H}{now.minute // 10}"


# --------------------------------------------------------------------------- #
# Mails (all through the outbox)
# --------------------------------------------------------------------------- #


def _enqueue_confirmation(user: User) -> None:
    token = make_token("confirm", {"uid": user.id, "email": user.email})
    enqueue(db.session, key=f"auth:confirm:user:{user.id}:{mail_bucket()}", to=user,
            subject="Confirmez votre adresse e-mail — Entrepairs",
            body=render_template("auth/mail_confirm.txt", user=user, link=absolute_url("auth.confirm", token=token),
                                 link_lifetime=token_lifetime_text()))


def reset_token(user: User) -> str:
    """The token of a link to choose a password (reset, invitation): void once the password or the address
    changes (a link mailed to an address the account has left chooses no password)."""
    return make_token("reset", {"uid": user.id, "fp": reset_fingerprint(user), "em": address_digest(user.email)})


def _enqueue_account_exists(user: User) -> None:
    enqueue(db.session, key=f"auth:account-exists:user:{user.id}:{mail_bucket()}", to=user,
            subject="Vous avez déjà un compte Entrepairs",
            body=render_template("auth/mail_account_exists.txt", user=user,
                                 login_link=absolute_url("auth.login"),
                                 reset_link=absolute_url("auth.reset", token=reset_token(user))))


def _enqueue_for_known_address(user: User) -> None:
    """Sign-up with an address that has an account: a new confirmation link if it is not confirmed yet."""
    if user.is_active and not user.is_confirmed and user.password_hash:
        _enqueue_confirmation(user)
    else:
        _enqueue_account_exists(user)


# --------------------------------------------------------------------------- #
# Sign-up and confirmation
# --------------------------------------------------------------------------- #


@transactional
def register_user(*, display_name: str, email: str, password: str, role: Role) -> None:
    """Create an unconfirmed account and enqueue its confirmation link.

    For an address that already has an account, nothing is created and that account gets a mail
    instead (with the login and reset links); the caller answers the same either way. The password is
    hashed in both cases, so both take as long.
    """
    if role not in (Role.FACILITATOR, Role.RESOURCE_PERSON):
        raise AccountError("Ce rôle ne peut pas être choisi à l'inscription.")
    email = normalise_email(email)
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        _enqueue_for_known_address(existing)
        return
    user = User(display_name=without_direction_controls(display_name).strip(), email=email,
                password_hash=password_hash, role=role)
    try:
        with savepoint():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:  # the same address signed up at the same instant
        existing = find_user_by_email(email)
        if existing is not None:
            _enqueue_for_known_address(existing)
        return
    _enqueue_confirmation(user)


@transactional
def resend_confirmation(email: str) -> None:
    """A new confirmation link for an unconfirmed account; nothing (and the same answer) otherwise.

    An invited account that never chose a password gets the link to choose it instead: a confirmation
    would mark its address confirmed and send it to a login it cannot pass.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    if not user.password_hash:
        send_password_reset(user.email)
    elif not user.is_confirmed:
        _enqueue_confirmation(user)


@transactional
def confirm_email(token: str) -> User:
    data = read_token("confirm", token)
    user = db.session.get(User, data.get("uid")) if isinstance(data.get("uid"), int) else None
    if user is None or user.email != data.get("email"):
        raise TokenError("Ce lien n'est pas valide.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


# --------------------------------------------------------------------------- #
# Login and logout
# --------------------------------------------------------------------------- #


@transactional
def authenticate(email: str, password: str) -> User:
    """The user for these credentials, or ``AccountError`` with a message that leaks nothing.

    An unknown address, a disabled account or an account without a password costs the same
    Argon2 check as a wrong password.
    """
    user = find_user_by_email(email)
    usable = user is not None and user.is_active and bool(user.password_hash)
    matches = verify_password(user.password_hash if usable else _dummy_hash(), password)
    if not (usable and matches):
        raise AccountError(WRONG_CREDENTIALS)
    if not user.is_confirmed:
        raise UnconfirmedEmail(
            "Votre adresse e-mail n'est pas encore confirmée : suivez le lien reçu par e-mail "
            "(ou demandez un nouvel envoi)."
        )
    user.last_seen_at = utcnow()
    return user


def within_login_limits(check: Callable[[], T], *, email: str, ip: str | None, field: str | None = None) -> T:
    """Run a password ``check`` within the login limits: the attempt is counted first (atomically,
    ``app.ratelimit``), then checked; a check that passes clears the failures. The sign-in and a signed-in
    password change share these limits.

    Raises ``TooManyAttempts`` (no check made; naming ``field`` when given) or whatever ``check`` raises.
    """
    limits = LoginLimits.from_config(current_app.config)
    admission = admit_login_attempt(db.session, email=email, ip=ip, limits=limits)
    if not admission.allowed:
        raise TooManyAttempts(TOO_MANY_ATTEMPTS, problems=[Problem(TOO_MANY_ATTEMPTS, field)] if field else ())
    result = check()
    _forget_failures(email=email, ip_row_id=admission.ip_row_id)
    return result


def sign_in(*, email: str, password: str, ip: str | None) -> User:
    """Log in within the limits (``within_login_limits``).

    Raises ``TooManyAttempts`` (no password check), ``UnconfirmedEmail`` or ``AccountError``.
    """
    return within_login_limits(lambda: authenticate(email, password), email=email, ip=ip)


@transactional
def _forget_failures(*, email: str, ip_row_id: int) -> None:
    forget_login_failures(db.session, email=email, ip_row_id=ip_row_id)


@transactional
def end_sessions(user: User) -> None:
    """Logout: bump the session version, so every cookie issued before (this one included) is refused."""
    user.session_version += 1


# --------------------------------------------------------------------------- #
# Password reset
# --------------------------------------------------------------------------- #


def address_digest(address: str) -> str:
    """An address, short and unreadable: in a token or an outbox key, where the address itself need not be."""
    return hashlib.sha256(normalise_email(address).encode()).hexdigest()[:12]


def reset_fingerprint(user: User) -> str:
    """Part of the hash, so a reset link dies once the password has changed."""
    return (user.password_hash or "none")[-16:]


@transactional
def send_password_reset(email: str) -> None:
    """Enqueue a reset link if the account exists; silent otherwise (no account enumeration)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    enqueue(db.session, key=f"auth:reset:user:{user.id}:{mail_bucket()}", to=user,
            subject="Réinitialisation de votre mot de passe — Entrepairs",
            body=render_template("auth/mail_reset.txt", user=user, link_lifetime=token_lifetime_text(),
                                 link=absolute_url("auth.reset", token=reset_token(user))))


def user_for_reset(token: str, *, lock: bool = False) -> User:
    """The account a link to choose a password is for; ``TokenError`` when the link is void. ``lock``: its row
    locked and read afresh, so that what is checked still holds when the password is written."""
    data = read_token("reset", token)
    uid = data.get("uid")
    if not isinstance(uid, int):
        raise TokenError("Ce lien n'est plus valide.")
    user = lock_row(db.session, User, uid) if lock else db.session.get(User, uid)
    if (user is None or not user.is_active or data.get("fp") != reset_fingerprint(user)
            or data.get("em", address_digest(user.email)) != address_digest(user.email)):  # older links carry no "em"
        raise TokenError("Ce lien n'est plus valide.")  # a deactivated account chooses no password
    return user


@transactional
def set_password_by_link(token: str, password: str) -> User:
    """The password chosen through a reset or invitation link. The link is checked again with the account locked:
    the same link sent from two tabs sets one password (the other tab hears the link is void, as it now is), and a
    resend of the invitation or a deactivation at the same moment waits for it, or it for them."""
    user = user_for_reset(token, lock=True)
    set_password(user, password)
    return user


@transactional
def set_password(user: User, password: str) -> None:
    """New password; every other session is logged out; the address counts as confirmed."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
