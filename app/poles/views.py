"""Pole directory, pole pages, needs."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from app.confirmation import asks_first
from app.agenda import queries as agenda_queries
from app.pair_space import experiences
from app.access import policy
from app.access import (
    can_edit_pole,
    can_view_pole,
    get_or_404,
    is_organiser,
    not_found_in_scope,
    one_or_404,
    roles_required,
)
from app.auth.head_with_user import ReadWithUser
from app.edit_stamps import EditConflict
from app.extensions import db
from app.fragments import keep_page, kept_fragment, kept_page
from app.legal.services import suggestion_for_need
from app.poles import claims, pages, services
from app.poles.forms import ClaimForm, NeedForm, PoleFilterForm, PoleForm
from app.poles.need_state import need_state
from app.poles.need_status import NeedStatusRefused
from app.suggestions import services as suggestions
from app.suggestions.themes import suggestions_for as suggested_themes
from app.suggestions.themes import themes_version
from app.security import is_safe_next
from app.transfers import services as transfers
from app.transfers.following import need_transfers
from app.visits import services as visits
from app.templating import region_name
from app.typography import elide
from models import Need, NeedKind, NeedStatus, Pole, Role

bp = Blueprint("poles", __name__)

#: A need with what its page shows; the pole's region is read only when a ranking is computed.
_NEED_PAGE = (select(Need).where(Need.id == bindparam("need_id"))
              .options(joinedload(Need.pole), joinedload(Need.themes)))


def _check_can_edit(pole: Pole) -> None:
    if not can_edit_pole(pole.id):
        abort(403)


@bp.route("/poles/")
def directory() -> str:
    form = PoleFilterForm(request.args)
    poles = []  # a search with an invalid criterion is not made: the page says which, beside it
    if form.validate():
        filters = services.PoleFilters(
            q=form.q.data or "", region=form.region.data or "", theme=form.theme.data or "",
            maturity=form.maturity.data or "", charter_only=bool(form.charte.data),
        )
        poles = services.search_poles(filters, viewer=current_user)
    return render_template("poles/directory.html", form=form, poles=poles)


@bp.route("/poles/<int:pole_id>")
def show(pole_id: int) -> str | Response:
    pole = db.session.get(Pole, pole_id)
    return pages.show_page(pole) if pole is not None else pages.merged_or_missing(pole_id)


@bp.route("/poles/nouveau", methods=["GET", "POST"])
@roles_required(Role.FACILITATOR, Role.ORGANISER)
def create() -> str | Response:
    if current_user.role is Role.FACILITATOR and current_user.pole_id is not None:
        flash("Vous animez déjà un pôle : vous pouvez modifier sa fiche.", "info")
        return redirect(url_for("poles.show", pole_id=current_user.pole_id))
    form = PoleForm()
    if form.validate_on_submit():
        try:
            pole = services.create_pole(creator=current_user._get_current_object(), data=form.data)
        except services.PoleError as error:
            form.show_problems(error.problems)  # beside their fields, with the others
        else:
            flash("La fiche du pôle est créée.", "success")
            return redirect(url_for("poles.show", pole_id=pole.id))
    return render_template("poles/form.html", form=form, pole=None)


@bp.route("/poles/<int:pole_id>/modifier", methods=["GET", "POST"])
@login_required
def edit(pole_id: int) -> str | Response:
    pole = db.session.get(Pole, pole_id)
    if pole is None:  # merged into another since the form was opened (a link, Back): the pole it lives on in, said
        return _pole_gone(pole_id)
    _check_can_edit(pole)
    form = PoleForm(obj=pole)
    if request.method == "GET":
        form.region_code.data = pole.region_code
        form.maturity.data = pole.maturity.value
        form.departements.data = [d.code for d in pole.departements]
        form.themes.data = [t.code for t in pole.themes]
        form.open_on(services.POLE_EDIT, pole)
    conflict = None
    if form.validate_on_submit():
        try:
            services.update_pole(pole, data=form.data, by=current_user._get_current_object())
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except services.PoleGone:  # merged meanwhile: no form of a pole that is no more
            return _pole_gone(pole_id)
        except services.PoleError as error:
            form.show_problems(error.problems)  # beside their fields, with the others
        else:
            return _saved_pole(pole)
    return render_template("poles/form.html", form=form, pole=pole, conflict=conflict)


def _pole_gone(pole_id: int) -> Response:
    """The pole's form, the pole merged away: the page of the pole it lives on in (``merged_or_missing``, else the
    404), and, for a form sent, that nothing was saved."""
    kept = pages.merged_or_missing(pole_id)
    if request.method == "POST":
        flash(services.POLE_GONE, "error")
    return kept


def _saved_pole(pole: Pole) -> Response:
    """After the pole form: its page, or — a CRA that moved the pole into another region — the directory, told why
    (the page of an unlisted pole of another region is one it may no longer open)."""
    me = current_user._get_current_object()
    if not policy.is_organiser(me) or policy.may_see_region(me, pole.region_code):
        flash("La fiche du pôle est enregistrée.", "success")
        return redirect(url_for("poles.show", pole_id=pole.id))
    flash(f"La fiche du pôle est enregistrée. Il relève désormais de la région {region_name(pole.region_code)}, "
          f"que suit sa CRA : il sort de votre périmètre.", "success")
    return redirect(url_for("poles.show", pole_id=pole.id) if pole.listed else url_for("poles.directory"))


@bp.route("/poles/<int:pole_id>/revendiquer", methods=["GET", "POST"])
@roles_required(Role.FACILITATOR)
def claim(pole_id: int) -> str | Response:
    """Ask to run the pole: a request its facilitators (or an organiser) decide."""
    pole = get_or_404(Pole, pole_id)
    pages.check_can_view(pole)
    form = ClaimForm()
    waiting = claims.pending_claim_of(current_user._get_current_object())  # the page says it, with « Retirer »
    if waiting is None and form.validate_on_submit():
        try:
            claims.request_claim(pole, user=current_user._get_current_object(), message=form.message.data)
        except services.PoleError as error:
            flash(str(error), "error")
        else:
            flash("Votre demande est envoyée. Vous pourrez modifier la fiche et publier des besoins "
                  "dès qu'elle sera acceptée.", "success")
            return redirect(url_for("poles.show", pole_id=pole.id))
    return render_template("poles/claim.html", form=form, pole=pole,
                           deciders_are_facilitators=bool(claims.facilitators_of(pole)),
                           waiting=waiting)


@bp.route("/poles/demandes/retirer", methods=["POST"])
@roles_required(Role.FACILITATOR)
@asks_first
def withdraw_claim() -> Response:
    """Take back one's own pending request: asking for another pole, or creating one's own, becomes possible."""
    try:
        name = claims.withdraw_claim(current_user._get_current_object())
    except services.PoleError as error:
        flash(str(error), "error")
    else:
        flash(f"Votre demande pour animer «\u00a0{name}\u00a0» est retirée. Vous pouvez chercher votre pôle "
              "dans l'annuaire ou créer sa fiche.", "success")
    return redirect(url_for("main.dashboard"))


@bp.route("/poles/demandes", endpoint="claims")
@roles_required(Role.FACILITATOR, Role.ORGANISER)
def claims_page() -> str:
    """Requests to run a pole that the viewer may decide; for organisers, the poles to confirm."""
    user = current_user._get_current_object()
    return render_template("poles/claims.html", claims=claims.pending_claims_for(user),
                           unconfirmed=services.unconfirmed_poles(user) if is_organiser() else [])


@bp.route("/poles/demandes/<int:claim_id>/accepter", methods=["POST"])
@roles_required(Role.FACILITATOR, Role.ORGANISER)
def accept_claim(claim_id: int) -> Response:
    return _decide(claim_id, accept=True)


@bp.route("/poles/demandes/<int:claim_id>/refuser", methods=["POST"])
@roles_required(Role.FACILITATOR, Role.ORGANISER)
def refuse_claim(claim_id: int) -> Response:
    return _decide(claim_id, accept=False)


def _decide(claim_id: int, *, accept: bool) -> Response:
    try:
        claim = claims.decide_claim(claim_id, by=current_user._get_current_object(), accept=accept)
    except services.PoleError as error:
        flash(str(error), "error")
    else:
        flash(f"{claim.claimant.display_name} anime désormais « {claim.pole.name} »." if accept
              else f"La demande {elide('de', claim.claimant.display_name)} est refusée.", "success")
    return redirect(url_for("poles.claims"))


@bp.route("/poles/<int:pole_id>/confirmer", methods=["POST"])
@roles_required(Role.ORGANISER)
def confirm(pole_id: int) -> Response:
    pole = get_or_404(Pole, pole_id)
    try:
        services.confirm_pole(pole, by=current_user._get_current_object())
    except services.PoleError as error:
        flash(str(error), "error")
    else:
        flash(f"« {pole.name} » est confirmé comme PTCE.", "success")
    return redirect(request.form.get("next") == "demandes" and url_for("poles.claims")
                    or url_for("poles.show", pole_id=pole.id))


@bp.route("/poles/<int:pole_id>/besoins/nouveau", methods=["GET", "POST"])
@login_required
def new_need(pole_id: int) -> str | Response:
    pole = get_or_404(Pole, pole_id)
    _check_can_edit(pole)
    form = NeedForm()
    if form.validate_on_submit():
        try:  # the same form sent again (its key) gives the need it published
            need = services.save_need(None, pole=pole, author=current_user._get_current_object(), data=form.data)
        except services.PoleError as error:
            form.show_problems(error.problems)
        else:
            flash("Le besoin est publié.", "success")
            return redirect(url_for("poles.show_need", need_id=need.id))
    return render_template("poles/need_form.html", form=form, pole=pole, need=None)


def _mentors_fragment(need: Need) -> Markup:
    """The suggested resource persons, rendered once per version of the ranking, pairings and viewer role.

    Those who declined the need or were excluded from it are not suggested; those already in a
    transfer for it show where it stands instead of a button.
    """
    pairs = transfers.pairs_for_need(need.id)
    version = (suggestions.suggestions_version(need), pairs, current_user.role)
    return kept_fragment(version, "suggestions/_mentors.html", lambda: {
        "need": need, "need_pairs": pairs,
        "mentor_suggestions": suggestions.suggestions_for_need(need, ruled_out=pairs.ruled_out)})


#: What decides whether a kept need page can be served: a few columns, no need loaded,
#: read in the same statement as the user.
_NEED_HEAD = ReadWithUser(select(Need.id, Need.pole_id, Need.kind, Need.status, Need.updated_at,
                                 Need.pairs_changed_at, Pole.listed.label("listed"), Pole.updated_at.label("pole_updated_at"))
                          .join(Pole, Pole.id == Need.pole_id).where(Need.id == bindparam("need_id")), "need_id")


#: What each fragment of the need page reads besides the need and its viewer: the page is kept
#: under all of these versions together, so a new fragment declares its version here or the page
#: could be served stale (tests/app/poles/test_need_page_fragments.py checks each one moves the page).
NEED_PAGE_FRAGMENTS: tuple[tuple[str, Callable[[], Hashable]], ...] = (
    ("mentors", lambda: (suggestions.offers_version(), current_app.config["SUGGESTIONS_PER_NEED"])),
    ("visits", visits.upcoming_visits_version),
    ("sessions", agenda_queries.sessions_version),
    ("experiences", experiences.published_version),
    ("themes", themes_version),
)


def _need_page_version(head: Row) -> tuple | None:
    """Everything the need page shows, as this viewer sees it; None when the page is not kept.

    Not kept: when flash messages wait to be shown, and for legal questions (the next free
    Juri-PTCE slot changes with every booking). Access is checked on every request, never kept.
    """
    if "_flashes" in session or head.kind is NeedKind.LEGAL:
        return None
    user = current_user._get_current_object()
    viewer = (user.id, user.display_name, user.role, user.pole_id, user.timezone, user.region_code)
    return ("need-page", head.id, head.updated_at, head.pairs_changed_at, head.pole_updated_at, viewer,
            *(version() for _name, version in NEED_PAGE_FRAGMENTS))


@bp.route("/besoins/<int:need_id>")
@_NEED_HEAD.with_user
@login_required
def show_need(need_id: int) -> str:
    head = _NEED_HEAD.row(need_id=need_id)
    if head is None or not can_view_pole(head.pole_id, head.listed):
        not_found_in_scope("Ce besoin")  # to a CRA: it may be another region's (its pole moved since a notice)
    version = _need_page_version(head)
    if version is not None and (page := kept_page(version)) is not None:
        return page
    need = one_or_404(_NEED_PAGE, need_id=need_id)
    can_edit = can_edit_pole(need.pole_id)
    show_mentors = can_edit and need.status is NeedStatus.OPEN
    # A legal question goes to the Juri-PTCE lawyers, never to a transfer: no mentors, no transfer button.
    is_legal = need.kind is NeedKind.LEGAL
    visit_suggestions = visits.visits_for_need(need) if show_mentors else None
    theme_guesses = suggested_themes(need) if can_edit else []
    serving = need_transfers(need, current_user._get_current_object())
    # Not kept: a visit that fits (this pole's registration, the seats left), a transfer's next day (planned,
    # moved or held without its need's pairs changing).
    return keep_page(None if visit_suggestions or serving else version, "poles/need.html", lambda: {
        "need": need, "need_state": need_state(need), "can_edit": can_edit, "visit_suggestions": visit_suggestions,
        "need_transfers": serving,
        "mentors_html": _mentors_fragment(need) if show_mentors and not is_legal else None,
        "legal_suggestion": suggestion_for_need(need) if show_mentors else None,
        "theme_suggestions": theme_guesses,
        "session_suggestions": agenda_queries.sessions_for_need(
            need, inferred=[t.code for t in theme_guesses]) if show_mentors else None,
        "sheet_suggestions": experiences.sheets_for_need(need) if show_mentors and not is_legal else None,
    })


@bp.route("/besoins/<int:need_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_need(need_id: int) -> str | Response:
    need = get_or_404(Need, need_id)
    _check_can_edit(need.pole)
    form = NeedForm(obj=need)
    if request.method == "GET":
        form.kind.data = need.kind.value
        form.urgency.data = str(need.urgency)
        form.themes.data = [t.code for t in need.themes]
        form.open_on(services.NEED_EDIT, need)
    conflict = None
    if form.validate_on_submit():
        me = current_user._get_current_object()
        try:
            services.save_need(need, pole=need.pole, author=need.author or me, by=me, data=form.data)
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        else:
            flash("Le besoin est enregistré.", "success")
            return redirect(url_for("poles.show_need", need_id=need.id))
    return render_template("poles/need_form.html", form=form, pole=need.pole, need=need, conflict=conflict)


@bp.route("/besoins/<int:need_id>/statut", methods=["POST"])
@login_required
@asks_first
def need_status(need_id: int) -> Response:
    need = get_or_404(Need, need_id)
    _check_can_edit(need.pole)
    try:
        status = NeedStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    try:
        status = services.set_need_status(need, status)
    except NeedStatusRefused as error:
        flash(str(error), "error")
        return redirect(url_for("poles.show_need", need_id=need.id))
    back = request.form.get("next")  # the pole page's « Clore ce besoin » comes back to it
    if is_safe_next(back):
        flash(f"Statut du besoin « {need.title} » : {status.label.lower()}.", "success")
        return redirect(back)
    flash(f"Statut du besoin : {status.label}.", "success")
    return redirect(url_for("poles.show_need", need_id=need.id))
