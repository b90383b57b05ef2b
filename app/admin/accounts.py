"""Accounts as administrators manage them: list, invite, change, deactivate; and the organisations.

Rules kept here:

- a regional cell's members (organisation of kind CRA) are organisers whose region is the CRA's;
  only a CRA carries a region (an organiser with no organisation may still be given one);
- an administrator never demotes or deactivates their own account (nobody would be left to undo it);
- deactivating ends the person's sessions at once: the user loader refuses an inactive account
  and a bumped session version on every request (``app.auth.loader``).

Invitations go through the invitation service of ``app.auth`` (token, mail through the outbox).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.access import policy
from app.admin import audit
from app.agenda.releases import release_places
from app.auth import invitations
from app.auth import services as auth_services
from app.auth.role_names import role_of_one
from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.legal.releases import Withdrawal, release_bookings, withdraw_slots
from app.locks import lock_row
from app.notifications.inbox import forget_former_scope
from app.refused import Refused
from app.text_rules import bounded_text
from app.transactions import savepoint, transactional
from app.visits.releases import release_visits
from models import Organisation, OrganisationKind, Region, Role, User, utcnow

#: At most this many accounts on one page of the list.
PAGE_LIMIT = 300
#: Longest organisation name (``organisations.name``): a longer one is refused, never cut.
ORGANISATION_NAME_MAX = 200
#: Roles an invitation may give (the others sign up themselves).
INVITED_ROLES = (Role.ORGANISER, Role.LAWYER)


#: What the account form shows of a person: two administrators (or two windows) may change it at once.
ACCOUNT_EDIT = Editable("account", "Ce compte a été modifié", {
    "role": ("Rôle", lambda user: role_of_one(user.role)),
    "organisation": ("Organisation", lambda user: user.organisation.name if user.organisation else None),
    "region": ("Région", lambda user: user.region.name if user.region else None),
})


class AdminRefused(Refused):
    """An administrative change the rules refuse; ``field`` names the form field it concerns, if one."""

    def __init__(self, message: str, *, field: str | None = None, account: User | None = None) -> None:
        super().__init__(message)
        self.field = field
        #: The account the refusal points to (an address invited already: resend from its page).
        self.account = account


@dataclass(frozen=True)
class AccountFilters:
    q: str = ""
    role: str = ""
    organisation_id: int | None = None
    region: str = ""
    #: "1" active (a password chosen), "invite" invited and no password yet, "0" deactivated, "" all.
    active: str = ""


def search_accounts(filters: AccountFilters) -> list[User]:
    query = select(User).options(joinedload(User.organisation), joinedload(User.region), joinedload(User.pole))
    if filters.q.strip():
        typed = filters.q.strip()  # « % », « _ » and « \\ » are characters to find (autoescape), not wildcards
        query = query.where(or_(User.display_name.icontains(typed, autoescape=True),
                                User.email.icontains(typed, autoescape=True)))
    if filters.role:
        query = query.where(User.role == Role(filters.role))
    if filters.organisation_id is not None:
        query = query.where(User.organisation_id == filters.organisation_id)
    if filters.region:
        query = query.where(User.region_code == filters.region)
    if filters.active == "0":
        query = query.where(User.is_active.is_(False))
    elif filters.active == "1":  # what the list shows « Actif »
        query = query.where(User.is_active.is_(True), User.password_hash.is_not(None))
    elif filters.active == "invite":  # ``invitations.is_pending``
        query = query.where(User.is_active.is_(True), User.password_hash.is_(None))
    return list(db.session.scalars(query.order_by(func.lower(User.display_name), User.id).limit(PAGE_LIMIT)))


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).options(joinedload(Organisation.region))
                                   .order_by(Organisation.kind, Organisation.name)))


def _organisation(organisation_id: int | None) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise AdminRefused("Cette organisation n'existe pas.", field="organisation")
    return organisation


def _region_for(role: Role, organisation: Organisation | None, region_code: str | None) -> str | None:
    """The region an account gets: its CRA's; or the one chosen for an organiser without organisation."""
    region_code = region_code or None
    if region_code is not None and db.session.get(Region, region_code) is None:
        raise AdminRefused("Cette région n'existe pas.", field="region")
    if organisation is not None and organisation.kind is OrganisationKind.CRA:
        if role is not Role.ORGANISER:
            raise AdminRefused("Les membres d'une CRA sont organisateur·rices.", field="role")
        if region_code is not None and region_code != organisation.region_code:
            raise AdminRefused(f"La région d'un membre de « {organisation.name} » est celle de sa CRA.", field="region")
        return organisation.region_code
    if region_code is not None:
        if role is not Role.ORGANISER:
            raise AdminRefused("Seul·es les organisateur·rices d'une CRA sont rattaché·es à une région.", field="region")
        if organisation is not None:
            raise AdminRefused(f"« {organisation.name} » est une organisation nationale : "
                               "choisissez une CRA pour limiter la personne à une région.", field="region")
    return region_code


def _snapshot(user: User) -> dict[str, Any]:
    return {"role": user.role.value, "organisation": user.organisation.name if user.organisation else None,
            "region": user.region_code, "pole_id": user.pole_id, "actif": user.is_active}


@transactional
def invite_account(*, admin: User, display_name: str, email: str, role: Role, organisation_id: int | None,
                   region_code: str | None = None) -> User:
    """Invite a person with a role and an organisation (a CRA brings its region)."""
    if role not in INVITED_ROLES:
        raise AdminRefused("On invite des organisateur·rices ou des avocat·es ; les autres s'inscrivent.", field="role")
    organisation = _organisation(organisation_id)
    region = _region_for(role, organisation, region_code)
    try:
        user = invitations.invite_user(inviter=admin, display_name=display_name, email=email, role=role,
                                       organisation=organisation)
    except invitations.AlreadyInvited as error:
        raise AdminRefused(str(error), field="email", account=error.user) from None
    except (auth_services.AccountError, Refused) as error:
        raise AdminRefused(str(error), field="email") from None
    user.organisation = organisation
    user.region_code = region
    db.session.flush()
    audit.record(actor=admin, action="account.invite", target_type="user", target_id=user.id,
                 target_label=f"{user.display_name} <{user.email}>", after=_snapshot(user))
    return user


@transactional
def invite_admin_from_command_line(*, display_name: str, email: str) -> tuple[User, bool]:
    """``entrepairs create-admin``: a new administrator (the first of a site), or a new link when that address
    was invited as one and has not chosen a password yet (True). Journaled, by « système »."""
    try:
        user = invitations.invite_admin(display_name=display_name, email=email)
    except invitations.AlreadyInvited as pending:
        if pending.user.role is not Role.ADMIN:
            raise AdminRefused(f"{pending.pending} : renvoyez-la depuis /admin/comptes.") from None
        user = pending.user
        invitations.resend_invitation(sender=None, user=user, form_key=f"cli-{utcnow():%Y%m%d%H%M%S%f}")
        audit.record(actor=None, action="account.reinvite", target_type="user", target_id=user.id,
                     target_label=f"{user.display_name} <{user.email}>")
        return user, True
    except auth_services.AccountError as error:
        raise AdminRefused(str(error)) from None
    audit.record(actor=None, action="account.invite", target_type="user", target_id=user.id,
                 target_label=f"{user.display_name} <{user.email}>", after=_snapshot(user))
    return user, False


@transactional
def resend_invitation(*, admin: User, user: User, form_key: str) -> bool:
    """A fresh invitation link for a person who never chose a password (once per form: False on a double
    click); audited when mailed."""
    try:
        mailed = invitations.resend_invitation(sender=admin, user=user, form_key=form_key)
    except auth_services.AccountError as error:
        raise AdminRefused(str(error)) from None
    if mailed:
        audit.record(actor=admin, action="account.reinvite", target_type="user", target_id=user.id,
                     target_label=f"{user.display_name} <{user.email}>")
    return mailed


#: The scope of a national organiser or an administrator: every region.
_EVERY_REGION = "*"


def _scope(user: User) -> str | None:
    """Whose named data the account follows: every region, one region (a CRA), or none (not an organiser)."""
    if not policy.is_organiser(user):
        return None
    return policy.organiser_region(user) or _EVERY_REGION


@dataclass(frozen=True)
class AccountChange:
    user: User
    #: Dropped because the account no longer follows the region they were written for (``forget_former_scope``).
    notices_dropped: int = 0
    mails_dropped: int = 0


@transactional
def change_account(*, admin: User, user: User, role: Role, organisation_id: int | None,
                   region_code: str | None = None, opened: str | None = None) -> AccountChange:
    """Change a person's role, organisation or region (nothing written when nothing changes). ``EditConflict``
    when the account changed since its form was opened (``opened``, its hidden field; nothing written)."""
    if user.id == admin.id and role is not Role.ADMIN:
        raise AdminRefused("Vous ne pouvez pas retirer votre propre rôle d'administrateur·rice.", field="role")
    check_and_stamp(ACCOUNT_EDIT, user, opened=opened, by=admin)
    organisation = _organisation(organisation_id)
    region = _region_for(role, organisation, region_code)
    before, scope = _snapshot(user), _scope(user)
    user.role, user.organisation, user.region_code = role, organisation, region
    after = _snapshot(user)
    dropped = (0, 0)
    if scope is not None and _scope(user) not in (scope, _EVERY_REGION):
        dropped = forget_former_scope(user=user)  # no bell notice, digest or mail of the region it no longer follows
    if after != before:
        audit.record(actor=admin, action="account.change", target_type="user", target_id=user.id,
                     target_label=f"{user.display_name} <{user.email}>", before=before, after=after)
    return AccountChange(user, *dropped)


@dataclass(frozen=True)
class ActiveChange:
    user: User
    #: How many places to come the deactivation released (sessions, and visits of a pole left with nobody).
    released: int = 0
    #: How many Juri-PTCE bookings to come (held or waiting) it released (``legal.releases``).
    bookings: int = 0
    #: A lawyer's slots to come it withdrew, with the appointments and waitlist places they held.
    withdrawn: Withdrawal = Withdrawal()


@transactional
def set_active(*, admin: User, user: User, active: bool) -> ActiveChange:
    """Deactivate (sessions end at the next request) or reactivate an account. Its row is locked first: two clicks
    take turns (the second finds it done), and a slot or a seat it takes meanwhile comes before or is refused
    (``app.locks.lock_active_account``). A deactivation releases the account's places to come — at collective
    sessions (``agenda.releases``), at learning visits (``visits.releases``), its Juri-PTCE bookings
    (``legal.releases``) — so that the first people waiting are promoted; a lawyer's slots to come are withdrawn, each
    pole booked on one told (``legal.releases.withdraw_slots``). A reactivation gives none of it back."""
    if user.id == admin.id:
        raise AdminRefused("Vous ne pouvez pas désactiver votre propre compte.")
    # The lawyer's deactivation then waits for the slots it withdraws: a booking holding one writes the lawyer among
    # its participants meanwhile (a reference to the row, not a change of it), which must not wait in turn.
    user = lock_row(db.session, User, user.id, others_may_refer=True) or user
    if user.is_active == active:
        return ActiveChange(user)
    before = _snapshot(user)
    user.is_active = active
    released = bookings = 0
    withdrawn = Withdrawal()
    if not active:
        user.session_version += 1  # every session and emailed link of the account dies now
        db.session.flush()  # read inactive from here on: no mail, no bell, no visit day for it
        released = release_places(user) + release_visits(user, by=admin)
        bookings = release_bookings(user)
        withdrawn = withdraw_slots(user)
    audit.record(actor=admin, action="account.reactivate" if active else "account.deactivate",
                 target_type="user", target_id=user.id, target_label=f"{user.display_name} <{user.email}>",
                 before=before, after=_snapshot(user))
    return ActiveChange(user, released, bookings, withdrawn)


def _name_taken(name: str) -> str | None:
    """The name of the organisation that already has this one, whatever its case (« Avise » for « avise »)."""
    return db.session.scalar(select(Organisation.name).where(func.lower(Organisation.name) == name.lower()))


@transactional
def create_organisation(*, admin: User, kind: OrganisationKind, name: str, region_code: str | None) -> Organisation:
    name = " ".join((name or "").split())
    if not name:
        raise AdminRefused("Donnez le nom de l'organisation.")
    name = bounded_text(name, field_label="Nom", most=ORGANISATION_NAME_MAX, multiline=False, error=AdminRefused)
    region_code = region_code or None
    if kind is OrganisationKind.CRA and region_code is None:
        raise AdminRefused("Une CRA a toujours sa région : choisissez-la.")
    if kind is not OrganisationKind.CRA and region_code is not None:
        raise AdminRefused("Seule une CRA est rattachée à une région.")
    if region_code is not None and db.session.get(Region, region_code) is None:
        raise AdminRefused("Cette région n'existe pas.")
    if taken := _name_taken(name):
        raise AdminRefused(f"Une organisation s'appelle déjà « {taken} ».")
    organisation = Organisation(kind=kind, name=name, region_code=region_code)
    try:
        with savepoint():
            db.session.add(organisation)
            db.session.flush()
    except IntegrityError:  # the same name (whatever its case) sent twice at once, a double click: the first one made it
        taken = _name_taken(name) or name
        raise AdminRefused(f"Une organisation s'appelle déjà « {taken} » : elle vient d'être créée entre-temps.") from None
    audit.record(actor=admin, action="organisation.create", target_type="organisation",
                 target_id=organisation.id, target_label=organisation.name,
                 after={"type": kind.value, "nom": organisation.name, "region": region_code})
    return organisation
