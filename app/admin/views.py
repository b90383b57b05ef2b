"""Administration pages (role admin): accounts, organisations, poles' facilitators and merges, audit log.

Thin: parse a form, call a service of ``app.admin``, render; refusals come back as ``AdminRefused``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, has_request_context, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import true

from app.access import allowed_by, get_or_404, policy, roles_required
from app.admin.commitments import commitments_of
from app.admin import accounts, audit, mails, poles
from app.admin.accounts import AdminRefused
from app.auth.invitations import is_pending, pending_invitation
from app.auth.tokens import token_lifetime_text
from app.csv_export import csv_download
from app.legal.releases import Withdrawal
from app.poles.facilitators import MAX_FACILITATORS
from app.edit_stamps import EditConflict
from app.admin.forms import (
    AccountFilterForm, AttachFacilitatorForm, AuditFilterForm, ChangeAccountForm, ConfirmForm, InviteAccountForm,
    MergeForm, OrganisationForm, ResendInvitationForm, role_choices, role_filter_choices,
)
from app.form_fields import as_choices, region_choices
from app.poles.pole_lookup import find_pole
from app.typed_lookup import chosen_for
from app.typography import count, elide, plural
from models import OrganisationKind, Pole, Role, User

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.app_context_processor
def _navigation() -> dict[str, object]:
    """The menu shows the pages of every region (learning visits) to those who see every region."""
    user = current_user if has_request_context() else None  # mails render outside requests
    return {"sees_every_region": policy.is_national(user)}


def _me() -> User:
    return current_user._get_current_object()


def _organisation_choices(blank: str) -> list:
    return as_choices([("", blank)] + [
        (str(o.id), f"{o.name} ({o.region.name})" if o.region else o.name) for o in accounts.organisations()])


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _show_refusal(form: InviteAccountForm | ChangeAccountForm, refusal: AdminRefused, *, default: str) -> None:
    """The refusal beside the field it concerns."""
    field = form[refusal.field if refusal.field in form else default]
    field.errors = [*field.errors, refusal.message]


def _fill_account_choices(form: InviteAccountForm | ChangeAccountForm, roles: tuple[Role, ...]) -> None:
    form.role.choices = role_choices(roles)
    form.organisation.choices = _organisation_choices("— Sans organisation —")
    form.region.choices = region_choices(blank="— Aucune (toutes les régions) —")


@bp.route("/")
@roles_required(Role.ADMIN)
def index() -> Response:
    return redirect(url_for("admin.account_list"))


@bp.route("/comptes")
@roles_required(Role.ADMIN)
def account_list() -> str:
    form = AccountFilterForm(request.args)
    form.role.choices = role_filter_choices("Tous les rôles")
    form.organisation.choices = _organisation_choices("Toutes")
    form.region.choices = region_choices(blank="Toutes")
    filters = accounts.AccountFilters()
    if form.validate():
        filters = accounts.AccountFilters(q=form.q.data or "", role=form.role.data or "",
                                          organisation_id=_int_or_none(form.organisation.data),
                                          region=form.region.data or "", active=form.active.data or "")
    return render_template("admin/accounts.html", form=form, users=accounts.search_accounts(filters),
                           limit=accounts.PAGE_LIMIT, invitation_pending=is_pending)


@bp.route("/comptes/inviter", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite() -> str | Response:
    form = InviteAccountForm()
    _fill_account_choices(form, accounts.INVITED_ROLES)
    invited_already = None
    if form.validate_on_submit():
        try:
            user = accounts.invite_account(
                admin=_me(), display_name=form.display_name.data, email=form.email.data, role=Role(form.role.data),
                organisation_id=_int_or_none(form.organisation.data), region_code=form.region.data or None)
        except AdminRefused as refusal:
            _show_refusal(form, refusal, default="organisation")
            invited_already = refusal.account
        else:
            flash(f"Invitation envoyée à {user.email}.", "success")
            return redirect(url_for("admin.account", user_id=user.id))
    return render_template("admin/invite.html", form=form, invited_already=invited_already)


@bp.route("/comptes/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def account(user_id: int) -> str | Response:
    user = get_or_404(User, user_id)
    form = ChangeAccountForm()
    _fill_account_choices(form, tuple(Role))
    if request.method == "GET":
        form.role.data = user.role.value
        form.organisation.data = str(user.organisation_id or "")
        form.region.data = user.region_code or ""
        form.open_on(accounts.ACCOUNT_EDIT, user)
    conflict = None
    if form.validate_on_submit():
        try:
            change = accounts.change_account(admin=_me(), user=user, role=Role(form.role.data),
                                             organisation_id=_int_or_none(form.organisation.data),
                                             region_code=form.region.data or None, opened=form.opened_on.data)
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except AdminRefused as refusal:
            _show_refusal(form, refusal, default="role")
        else:
            flash(f"Le compte {elide('de', user.display_name)} est mis à jour.{_former_scope_said(change)}", "success")
            return redirect(url_for("admin.account", user_id=user.id))
    events = audit.search(audit.AuditFilters(q=user.email), limit=20)
    return render_template("admin/account.html", user=user, form=form, state_form=ConfirmForm(),
                           invitation=pending_invitation(user), resend_form=ResendInvitationForm(formdata=None),
                           events=events, actions=audit.ACTIONS, commitments=commitments_of(user), conflict=conflict)


def _former_scope_said(change: accounts.AccountChange) -> str:
    """What went with the region the account no longer follows, said to the administrator (or nothing)."""
    said = []
    if n := change.notices_dropped:
        said.append(f"sa cloche est vidée ({count(n, 'notification')})")
    if n := change.mails_dropped:
        said.append(f"{count(n, 'e-mail')} pas encore {plural(n, 'parti', 'partis')} "
                    f"ne {plural(n, 'partira', 'partiront')} pas")
    return f" La personne ne suit plus la même région\u00a0: {' et '.join(said)}." if said else ""


@bp.route("/comptes/<int:user_id>/renvoyer-invitation", methods=["POST"])
@roles_required(Role.ADMIN)
def resend_invitation(user_id: int) -> Response:
    """A fresh link for a person who never chose a password; the form's key makes a double click mail once."""
    user = get_or_404(User, user_id)
    form = ResendInvitationForm()
    if not form.validate_on_submit():  # the CSRF token
        flash("Ce formulaire a expiré : rechargez la page et renvoyez l'invitation.", "error")
        return redirect(url_for("admin.account", user_id=user.id))
    try:
        accounts.resend_invitation(admin=_me(), user=user, form_key=form.idempotency_key.data)
    except AdminRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(f"Invitation renvoyée à {user.email} : le nouveau lien est valable {token_lifetime_text()}.", "success")
    return redirect(url_for("admin.account", user_id=user.id))


def _set_active(user_id: int, *, active: bool) -> Response:
    user = get_or_404(User, user_id)
    try:  # the CSRF token is checked for every POST (app.extensions.csrf)
        change = accounts.set_active(admin=_me(), user=user, active=active)
    except AdminRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(f"Le compte {elide('de', user.display_name)} est "
              + ("réactivé." if active else "désactivé : ses sessions sont closes.") + _released(change),
              "success")
    return redirect(url_for("admin.account", user_id=user.id))


def _released(change: accounts.ActiveChange) -> str:
    """What a deactivation released (« Ses 2 inscriptions à venir ont été libérées »), said after it: a
    reactivation gives none of it back."""
    places, bookings = change.released, change.bookings
    said = []
    if places:
        said.append("son inscription à venir a été libérée" if places == 1 else
                    f"ses {count(places, 'inscription à venir', 'inscriptions à venir')} ont été libérées")
    if bookings:
        said.append("son rendez-vous Juri-PTCE à venir a été libéré" if bookings == 1 else
                    f"ses {count(bookings, 'rendez-vous Juri-PTCE à venir', 'rendez-vous Juri-PTCE à venir')} "
                    "ont été libérés")
    if not said:
        return _withdrawn(change.withdrawn)
    them = "les" if places + bookings > 1 else ("la" if places else "le")
    sentence = " et ".join(said)
    return f" {sentence[0].upper()}{sentence[1:]} ; une réactivation ne {them} rendra pas." + _withdrawn(change.withdrawn)


def _withdrawn(withdrawn: Withdrawal) -> str:
    """A lawyer's slots the deactivation withdrew (« Ses 8 créneaux Juri-PTCE à venir sont retirés : 1 rendez-vous
    annulé, le pôle concerné est prévenu par e-mail »); a reactivation does not reopen them."""
    if not withdrawn.slots:
        return ""
    said = ("Son créneau Juri-PTCE à venir est retiré" if withdrawn.slots == 1 else
            f"Ses {count(withdrawn.slots, 'créneau Juri-PTCE à venir', 'créneaux Juri-PTCE à venir')} sont retirés")
    cancelled = [count(n, one, many) for n, one, many in (
        (withdrawn.appointments, "rendez-vous annulé", "rendez-vous annulés"),
        (withdrawn.waitlisted, "place en liste d'attente annulée", "places en liste d'attente annulées")) if n]
    if cancelled:
        whom = "le pôle concerné est prévenu" if withdrawn.appointments + withdrawn.waitlisted == 1 else \
            "chaque pôle concerné est prévenu"
        said += f" : {' et '.join(cancelled)}, {whom} par e-mail"
    return f" {said} ; une réactivation ne {'le' if withdrawn.slots == 1 else 'les'} rouvrira pas."


@bp.route("/comptes/<int:user_id>/desactiver", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int) -> Response:
    return _set_active(user_id, active=False)


@bp.route("/comptes/<int:user_id>/reactiver", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: int) -> Response:
    return _set_active(user_id, active=True)


@bp.route("/organisations", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisations() -> str | Response:
    form = OrganisationForm()
    form.region.choices = region_choices(blank="— Aucune (organisation nationale) —")
    if form.validate_on_submit():
        try:
            organisation = accounts.create_organisation(admin=_me(), kind=OrganisationKind(form.kind.data),
                                                        name=form.name.data, region_code=form.region.data or None)
        except AdminRefused as refusal:
            form.name.errors = [*form.name.errors, refusal.message]
        else:
            flash(f"Organisation « {organisation.name} » créée.", "success")
            return redirect(url_for("admin.organisations"))
    return render_template("admin/organisations.html", form=form, organisations=accounts.organisations())


@bp.route("/poles/<int:pole_id>/animateurs", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def pole_facilitators(pole_id: int) -> str | Response:
    pole = get_or_404(Pole, pole_id)
    form = AttachFacilitatorForm()
    if form.validate_on_submit():
        try:
            user = poles.attach_facilitator(admin=_me(), pole=pole, email=form.email.data)
        except AdminRefused as refusal:
            form.email.errors = [*form.email.errors, refusal.message]
        else:
            flash(f"{user.display_name} anime désormais « {pole.name} ».", "success")
            return redirect(url_for("admin.pole_facilitators", pole_id=pole.id))
    return render_template("admin/pole_facilitators.html", pole=pole, form=form,
                           facilitators=poles.facilitators(pole), maximum=MAX_FACILITATORS)


@bp.route("/poles/fusion", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def merge() -> str | Response:
    form = MergeForm(request.form if request.method == "POST" else request.args, meta={"csrf": request.method == "POST"})
    if request.method == "POST" and (done := poles.merged_already(form.duplicate.data)) is not None:
        return _merge_was_done(done)
    preview, found = None, {}
    if form.kept.data and form.duplicate.data and form.validate():
        data = request.form if request.method == "POST" else request.args
        found = {name: find_pole(form[name].data, among=true(), say=poles.MERGE_SAYINGS, chosen=chosen_for(name, data))
                 for name in ("kept", "duplicate")}
        for name, named in found.items():
            if named.error:
                form[name].errors = [named.error]
    if found and all(named.id is not None for named in found.values()):
        kept, duplicate = get_or_404(Pole, found["kept"].id), get_or_404(Pole, found["duplicate"].id)
        try:
            if request.method == "POST":
                names = (duplicate.name, kept.name)
                poles.merge_poles(admin=_me(), kept=kept, duplicate=duplicate)
                flash("« {} » est fondu dans « {} ».".format(*names), "success")
                return redirect(url_for("admin.pole_facilitators", pole_id=int(form.kept.data)))
            preview = poles.preview_merge(kept=kept, duplicate=duplicate)
        except poles.MergedAlready as refusal:
            return _merge_was_done(refusal.done)
        except AdminRefused as refusal:
            form.duplicate.errors = [*form.duplicate.errors, refusal.message]
    return render_template("admin/merge.html", form=form, preview=preview, found=found)


def _merge_was_done(done: poles.MergeDone) -> Response:
    """The same answer as the first merge: the surviving pole's page, saying it was done."""
    flash(done.message, "info")
    return redirect(url_for("admin.pole_facilitators", pole_id=done.kept_id))


@bp.route("/e-mails-abandonnes")
@allowed_by(policy.may_handle_given_up_mails)
def given_up_mails() -> str:
    return render_template("admin/given_up_mails.html", mails=mails.given_up_mails(), retrying=mails.retrying(),
                           total=mails.count_given_up(), max_attempts=current_app.config["OUTBOX_MAX_ATTEMPTS"])


@bp.route("/e-mails-abandonnes/<int:message_id>/renvoyer", methods=["POST"])
@allowed_by(policy.may_handle_given_up_mails)
def send_given_up_mail_again(message_id: int) -> Response:
    """Back in the outbox, its attempts from zero (the CSRF token is checked for every POST); a second click finds
    it put back already and is told so, nothing done twice."""
    try:
        was = mails.send_again(admin=_me(), message_id=message_id)
    except AdminRefused as refusal:
        flash(refusal.message, "error")
    else:
        flash(f"L'e-mail « {was.subject} » à {was.to_email} est remis dans la file d'envoi : "
              "il repart dans la minute, avec de nouveau toutes ses tentatives.", "success")
    return redirect(url_for("admin.given_up_mails"))


def _audit_filters() -> tuple[AuditFilterForm, audit.AuditFilters]:
    form = AuditFilterForm(request.args)
    form.action.choices = as_choices([("", "Toutes")] + list(audit.ACTIONS.items()))
    if not form.validate():
        return form, audit.AuditFilters()
    return form, audit.AuditFilters(action=form.action.data or "", q=form.q.data or "",
                                    since=form.since.data, until=form.until.data)


@bp.route("/journal")
@roles_required(Role.ADMIN)
def audit_log() -> str:
    form, filters = _audit_filters()
    return render_template("admin/audit.html", form=form, events=audit.search(filters), actions=audit.ACTIONS,
                           as_json=audit.as_json, limit=audit.PAGE_LIMIT, filters=request.args.to_dict())


@bp.route("/journal.csv")
@roles_required(Role.ADMIN)
def audit_csv() -> Response:
    _, filters = _audit_filters()
    return csv_download(audit.audit_csv(audit.search(filters, limit=None)), "journal-administration.csv")
