"""Account operations: sign-up, confirmation, login, password reset, invitations."""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.auth.passwords import hash_password, verify_password
from app.auth.tokens import TokenError, make_token, read_token
from app.extensions import db
from app.links import absolute_url
from app.mail import send_mail
from models import LawyerProfile, Role, User, utcnow


class AccountError(Exception):
    """A refused account operation; ``str()`` is a French message for the page."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def register_user(*, display_name: str, email: str, password: str, role: Role) -> User:
    """Create an unconfirmed account and send the confirmation link."""
    if role not in (Role.FACILITATOR, Role.RESOURCE_PERSON):
        raise AccountError("Ce rôle ne peut pas être choisi à l'inscription.")
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    user = User(
        display_name=display_name.strip(), email=email, password_hash=hash_password(password),
        role=role,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.") from None
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = make_token("confirm", {"uid": user.id, "email": user.email})
    link = absolute_url("auth.confirm", token=token)
    send_mail(
        to=user.email,
        subject="Confirmez votre adresse e-mail — Entrepairs",
        body=render_template("auth/mail_confirm.txt", user=user, link=link),
    )


def confirm_email(token: str) -> User:
    data = read_token("confirm", token)
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise TokenError("Ce lien n'est pas valide.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.commit()
    return user


def authenticate(email: str, password: str) -> User:
    """The user for these credentials, or ``AccountError`` with a message that leaks nothing."""
    user = find_user_by_email(email)
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        raise AccountError("Adresse e-mail ou mot de passe incorrect.")
    if not user.is_confirmed:
        raise AccountError(
            "Votre adresse e-mail n'est pas encore confirmée : suivez le lien reçu par e-mail "
            "(ou demandez un nouvel envoi)."
        )
    user.last_seen_at = utcnow()
    db.session.commit()
    return user


def _reset_fingerprint(user: User) -> str:
    """Part of the hash, so a reset link dies once the password has changed."""
    return (user.password_hash or "none")[-16:]


def send_password_reset(email: str) -> None:
    """Send a reset link if the account exists; silent otherwise (no account enumeration)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_token("reset", {"uid": user.id, "fp": _reset_fingerprint(user)})
    send_mail(
        to=user.email,
        subject="Réinitialisation de votre mot de passe — Entrepairs",
        body=render_template(
            "auth/mail_reset.txt", user=user, link=absolute_url("auth.reset", token=token)
        ),
    )


def user_for_reset(token: str) -> User:
    data = read_token("reset", token)
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("fp") != _reset_fingerprint(user):
        raise TokenError("Ce lien n'est plus valide.")
    return user


def set_password(user: User, password: str) -> None:
    """New password; every other session is logged out; the address counts as confirmed."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    db.session.commit()


def invite_user(*, inviter: User, display_name: str, email: str, role: Role) -> User:
    """An organiser invites a lawyer or another organiser; the link lets them set a password."""
    if role not in (Role.LAWYER, Role.ORGANISER):
        raise AccountError("On ne peut inviter que des avocat·es ou des organisateur·rices.")
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("Un compte existe déjà avec cette adresse e-mail.")
    user = User(display_name=display_name.strip(), email=email, role=role, invited_by_id=inviter.id)
    db.session.add(user)
    if role is Role.LAWYER:
        db.session.add(LawyerProfile(user=user, specialties=""))
    db.session.commit()
    token = make_token("reset", {"uid": user.id, "fp": _reset_fingerprint(user)})
    send_mail(
        to=user.email,
        subject="Invitation à rejoindre Entrepairs",
        body=render_template(
            "auth/mail_invite.txt", user=user, inviter=inviter,
            link=absolute_url("auth.reset", token=token),
        ),
    )
    current_app.logger.info("Invitation envoyée à %s (%s)", email, role.value)
    return user
