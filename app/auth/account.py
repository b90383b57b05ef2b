"""« Mon compte » : a signed-in user corrects their name, or moves their account to another e-mail address.

The address changes only when the link mailed to the NEW address is opened by the account's owner, signed in:
whoever receives it after a typo cannot take the account. The link (``tokens``, « email-change ») is signed,
expires, and is bound to the account, its present address, the new one, its password and the account's
``email_change_version``: it dies once the address or the password has changed, or once a newer change was
asked (only the last link asked works). The OLD address is told twice, when the change is asked (with the
« mot de passe oublié » link: a new password voids the pending link) and when it is made, so that a hijack is
noticed. A new address that already has an account is not refused on the page, which would tell anyone signed
in which addresses have an account (sign-up never does): the mail to that address refuses it, as sign-up's
does. The password is unchanged, so the sessions open on other devices stay open. Both a new name and a new
address are kept in the administrators' audit log.
"""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.admin import audit
from app.auth.password_change import check_current_password, wrong_current
from app.auth.services import (
    AccountError, address_digest, find_user_by_email, mail_bucket, normalise_email, reset_fingerprint,
)
from app.auth.tokens import TokenError, make_token, read_token, token_lifetime_text
from app.extensions import db
from app.links import absolute_url
from app.locks import lock_row
from app.notifications.outbox import enqueue
from app.poles.claims import network_contacts
from app.refused import Problem
from app.text_rules import text_problem, without_direction_controls
from app.transactions import savepoint, transactional
from models import OutboxMessage, User, utcnow

NAME_MOST, NAME_LEAST = 120, 2
NAME_TOO_SHORT = "Le nom doit faire au moins 2 caractères."
SAME_ADDRESS = "C'est déjà l'adresse de votre compte : saisissez la nouvelle."
LINK_FOR_ANOTHER_ACCOUNT = ("Ce lien a été envoyé pour un autre compte que celui de votre connexion en cours : "
                            "déconnectez-vous, puis ouvrez-le de nouveau.")
LINK_SPENT = ("Ce lien n'est plus valide : l'adresse ou le mot de passe du compte a changé depuis. "
              "Demandez de nouveau le changement d'adresse.")
LINK_REPLACED = ("Ce lien n'est plus valide : un autre changement d'adresse a été demandé depuis. Seul le lien du "
                 "dernier message reçu peut servir.")
ADDRESS_TAKEN = "Cette adresse est déjà celle d'un autre compte Entrepairs : elle ne peut pas devenir la vôtre."


def _problem(message: str, field: str) -> AccountError:
    return AccountError(message, problems=[Problem(message, field)])


@transactional
def rename(user: User, display_name: str) -> None:
    """The account's « Prénom et nom », by the rules of sign-up (2 to 120 characters, no control characters; the
    form has read a tab as a space and stripped the name)."""
    name = without_direction_controls(display_name or "").strip()
    problem = text_problem(name, most=NAME_MOST, required=True)
    if problem is None and len(name) < NAME_LEAST:
        problem = NAME_TOO_SHORT
    if problem is not None:
        raise _problem(problem, "display_name")
    user = lock_row(db.session, User, user.id) or user
    if user.display_name == name:
        return
    before = user.display_name
    user.display_name = name
    audit.record(actor=user, action="account.rename", target_type="user", target_id=user.id,
                 target_label=f"{name} <{user.email}>", before={"nom": before}, after={"nom": name})


# --------------------------------------------------------------------------- #
# The address: asked (password checked, two mails), then confirmed by the link
# --------------------------------------------------------------------------- #


def email_change_token(user: User, new_email: str) -> str:
    """The link's token, bound to the account's present address, password and ``email_change_version`` (bump it
    first: the links asked before this one die)."""
    return make_token("email-change", {"uid": user.id, "from": user.email, "to": new_email,
                                       "fp": reset_fingerprint(user), "v": user.email_change_version})


def ask_email_change(user: User, *, new_email: str, current_password: str, ip: str | None) -> str:
    """Check the current password (within the login limits, ``check_current_password``), then mail the link to
    the new address and the notice to the present one; the new address, as written to."""
    new_email = normalise_email(new_email)
    checked = check_current_password(user, current_password, ip=ip)
    if new_email == normalise_email(user.email):
        raise _problem(SAME_ADDRESS, "new_email")
    _mail_the_request(user, new_email, checked=checked)
    return new_email


@transactional
def _mail_the_request(user: User, new_email: str, *, checked: str | None) -> None:
    user = lock_row(db.session, User, user.id) or user
    if user.password_hash != checked:  # changed meanwhile in another tab
        raise wrong_current()
    user.email_change_version += 1  # the links asked before stop working
    bucket = f"{user.id}:{address_digest(new_email)}:{mail_bucket()}"
    if find_user_by_email(new_email) is not None:
        enqueue(db.session, key=f"auth:email-change-taken:{bucket}", to=new_email,
                subject="Cette adresse a déjà un compte Entrepairs",
                body=render_template("auth/mail_email_change_taken.txt", user=user, new_email=new_email,
                                     login_link=absolute_url("auth.login")))
    else:
        enqueue(db.session, key=f"auth:email-change:{bucket}", to=new_email,
                subject="Confirmez votre nouvelle adresse e-mail — Entrepairs",
                body=render_template("auth/mail_email_change_confirm.txt", user=user, new_email=new_email,
                                     link_lifetime=token_lifetime_text(),
                                     link=absolute_url("auth.confirm_email_change",
                                                       token=email_change_token(user, new_email))))
    enqueue(db.session, key=f"auth:email-change-asked:{bucket}", to=user.email,
            subject="Votre adresse e-mail va changer — Entrepairs",
            body=render_template("auth/mail_email_change_asked.txt", user=user, new_email=new_email,
                                 forgot_link=absolute_url("auth.forgot_password")))


def _network_contact(user: User) -> str:
    """Whom to write to when the address was changed by someone else (the mail comes from a no-reply address and the
    person can no longer sign in): the organisers of their region. « Prévenez l'équipe d'animation » gave no way to."""
    region = user.pole.region_code if user.pole is not None else user.region_code
    return ", ".join(network_contacts(region))


@transactional
def confirm_email_change(user: User, token: str) -> str:
    """The link opened by ``user`` (signed in): the account takes the new address, which counts as confirmed; the
    mails still to send follow it; the old address is told; the audit log keeps both. The new address is returned.

    Raises ``TokenError`` (expired, forged, for another account, spent) or ``AccountError`` (the address has
    become another account's meanwhile).
    """
    data = read_token("email-change", token)
    if data.get("uid") != user.id:
        raise TokenError(LINK_FOR_ANOTHER_ACCOUNT)
    user = lock_row(db.session, User, user.id) or user
    new_email = data.get("to")
    if isinstance(new_email, str) and user.email == new_email:
        return new_email  # the same link opened again (a double click): done already, nothing to do
    if (not isinstance(new_email, str) or not user.is_active or data.get("from") != user.email
            or data.get("fp") != reset_fingerprint(user)):
        raise TokenError(LINK_SPENT)
    if data.get("v", 0) != user.email_change_version:
        raise TokenError(LINK_REPLACED)
    if find_user_by_email(new_email) is not None:
        raise AccountError(ADDRESS_TAKEN)
    old_email = user.email
    try:
        with savepoint():
            user.email = new_email
            user.email_change_version += 1  # every other pending link dies, even if the address comes back
            if user.email_confirmed_at is None:
                user.email_confirmed_at = utcnow()
            db.session.flush()
    except IntegrityError:  # the address signed up at the same instant
        raise AccountError(ADDRESS_TAKEN) from None
    db.session.execute(update(OutboxMessage).where(
        OutboxMessage.recipient_id == user.id, OutboxMessage.to_email == old_email,
        OutboxMessage.sent_at.is_(None), OutboxMessage.cancelled_at.is_(None),
    ).values(to_email=new_email).execution_options(synchronize_session=False))
    audit.record(actor=user, action="account.email_change", target_type="user", target_id=user.id,
                 target_label=user.display_name, before={"email": old_email}, after={"email": new_email})
    enqueue(db.session, key=f"auth:email-changed:{user.id}:{utcnow():%Y%m%d%H%M%S%f}", to=old_email,
            subject="Votre adresse e-mail a changé — Entrepairs",
            body=render_template("auth/mail_email_changed.txt", user=user, old_email=old_email,
                                 contact=current_app.config.get("PRIVACY_CONTACT_EMAIL") or _network_contact(user)))
    return new_email
