"""A signed-in user changes their password.

The current password is checked within the login limits (``app.ratelimit``, the same keys as the sign-in
form: whoever holds a session left open gets no more guesses than at the login). The change itself is the
reset's (``services.set_password``: every other session is signed out), and the account's address is told
by e-mail, with the « mot de passe oublié » link in case it was not its owner.
"""

from __future__ import annotations

from flask import render_template

from app.auth.passwords import verify_password
from app.auth.services import AccountError, set_password, within_login_limits
from app.extensions import db
from app.links import absolute_url
from app.locks import lock_row
from app.notifications.outbox import enqueue
from app.refused import Problem
from app.transactions import transactional
from models import User

WRONG_CURRENT = "Le mot de passe actuel n'est pas le bon."
CURRENT_FIELD = "current_password"


class WrongCurrentPassword(AccountError):
    """The current password typed is not the account's."""


def wrong_current() -> WrongCurrentPassword:
    return WrongCurrentPassword(WRONG_CURRENT, problems=[Problem(WRONG_CURRENT, CURRENT_FIELD)])


def check_current_password(user: User, password: str, *, ip: str | None) -> str | None:
    """Check the password with Argon2 within the login limits (``services.within_login_limits``); the hash it was
    checked against.

    Raises ``TooManyAttempts`` (no check made) or ``WrongCurrentPassword``; both name the current
    password's field. Called outside any unit of work: counting commits.
    """
    def check() -> str | None:
        checked = user.password_hash
        if not verify_password(checked, password):
            raise wrong_current()
        return checked

    return within_login_limits(check, email=user.email, ip=ip, field=CURRENT_FIELD)


def change_password(user: User, *, current: str, new: str, ip: str | None) -> None:
    """Check ``current`` (see ``check_current_password``), then set ``new`` and mail the account's address."""
    checked = check_current_password(user, current, ip=ip)
    _set_and_tell(user, new, checked=checked)


@transactional
def _set_and_tell(user: User, new: str, *, checked: str | None) -> None:
    """Set ``new`` if the password is still the one ``current`` was checked against (``checked``, its hash): the
    account locked, a change made meanwhile in another tab makes the current password typed here a wrong one."""
    user = lock_row(db.session, User, user.id) or user
    if user.password_hash != checked:
        raise wrong_current()
    set_password(user, new)
    # One mail per change: the session version grows with each one.
    enqueue(db.session, key=f"auth:password-changed:user:{user.id}:{user.session_version}", to=user,
            subject="Votre mot de passe a été changé — Entrepairs",
            body=render_template("auth/mail_password_changed.txt", user=user,
                                 forgot_link=absolute_url("auth.forgot_password")))
