"""Resource-person directory, profiles and offers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.confirmation import asks_first
from app.access import can_edit_resource_profile, get_or_404, not_found_in_scope, policy, roles_required
from app.edit_stamps import EditConflict
from app.extensions import db
from app.form_errors import error_items
from app.pagination import paginate
from app.refused import Refused
from app.resources import pages, services, validation
from app.resources.forms import OfferForm, RefusalForm, ResourceFilterForm, ResourceProfileForm
from app.suggestions.themes import suggestions_for as suggested_themes
from app.transfers.pair_rules import full_year_cards, lowered_capacity_notice
from app.typed_lookup import chosen_for
from app.typography import elide
from models import Offer, ResourcePerson, Role

bp = Blueprint("resources", __name__, url_prefix="/personnes-ressources")


def _check_owner(profile: ResourcePerson) -> None:
    if not validation.may_see(profile, current_user):  # another region's pending profile: as missing
        not_found_in_scope("Cette offre")
    if not can_edit_resource_profile(profile):
        abort(403)


def _to_decide(profile_id: int) -> ResourcePerson:
    """The profile ``profile_id`` if the organiser decides it (``validation.may_decide``: a CRA, its region's); another
    region's reads as a missing one (``not_found_in_scope``): whether it exists is that region's named data."""
    profile = db.session.get(ResourcePerson, profile_id)
    if profile is None or not validation.may_decide(profile, current_user):
        not_found_in_scope("Ce profil")
    return profile


@bp.route("/")
def directory() -> str:
    form = ResourceFilterForm(request.args)
    people = []  # a search with an invalid criterion is not made: the page says which, beside it
    if form.validate():
        people = services.search_resource_persons(services.ResourceFilters(
            q=form.q.data or "", region=form.region.data or "", theme=form.theme.data or ""))
    page = paginate(people)  # the whole network's people, a page of cards at a time
    return render_template("resources/directory.html", form=form, people=people, page=page,
                           full_year=full_year_cards(page.items))


@bp.route("/<int:profile_id>")
def show(profile_id: int) -> str:
    return pages.show_page(get_or_404(ResourcePerson, profile_id))


@bp.route("/mon-profil", methods=["GET", "POST"])
@roles_required(Role.RESOURCE_PERSON)
def edit_profile() -> str | Response:
    user = current_user._get_current_object()
    profile = services.profile_of(user)
    form = ResourceProfileForm(obj=profile, poles=services.poles_to_pick(
        user, keep=profile.pole_id if profile is not None else None), pole_chosen=chosen_for("pole_id", request.form))
    if request.method == "GET" and profile is not None:
        form.pole_id.data = profile.pole.name if profile.pole else ""  # found again by its name
        form.departement_code.data = profile.departement_code or ""
        form.mobility.data = profile.mobility.value
        form.open_on(services.PROFILE_EDIT, profile)
    conflict = None
    if form.validate_on_submit():
        before = profile.yearly_capacity if profile is not None else None
        try:
            profile = services.save_profile(user, data=form.profile_data())
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except services.ProfileError as error:
            form.show_problems(error.problems)
        else:
            # A profile awaiting validation says so on its page (``_validation_status.html``): not twice.
            flash("Votre profil est enregistré.", "success")
            if (lowered := lowered_capacity_notice(profile, before)) is not None:
                flash(lowered, "warning")
            return redirect(url_for("resources.show", profile_id=profile.id))
    return render_template("resources/profile_form.html", form=form, profile=profile, conflict=conflict)


@bp.route("/offres/nouvelle", methods=["GET", "POST"])
@roles_required(Role.RESOURCE_PERSON)
def new_offer() -> str | Response:
    profile = services.profile_of(current_user._get_current_object())
    if profile is None:
        flash("Complétez d'abord votre profil de personne ressource.", "info")
        return redirect(url_for("resources.edit_profile"))
    form = OfferForm()
    if form.validate_on_submit():
        try:  # the same form sent again (its key) gives the offer it published
            offer = services.save_offer(None, profile=profile, data=form.data)
        except services.ProfileError as error:
            form.show_problems(error.problems)
        else:
            flash(validation.offer_published_message(profile), "success")
            return redirect(url_for("resources.show_offer", offer_id=offer.id))
    return render_template("resources/offer_form.html", form=form, offer=None)


@bp.route("/offres/<int:offer_id>")
def show_offer(offer_id: int) -> str:
    offer = get_or_404(Offer, offer_id)
    profile = offer.resource_person
    is_owner = current_user.is_authenticated and profile.user_id == current_user.id
    if not profile.user.is_active or (not offer.active and not is_owner):
        abort(404)
    if not validation.may_see(profile, current_user):
        not_found_in_scope("Cette offre")
    return render_template("resources/offer.html", offer=offer, profile=profile, is_owner=is_owner,
                           theme_suggestions=suggested_themes(offer) if is_owner else [],
                           **pages.ask_context(profile))


@bp.route("/offres/<int:offer_id>/modifier", methods=["GET", "POST"])
@login_required
def edit_offer(offer_id: int) -> str | Response:
    offer = get_or_404(Offer, offer_id)
    _check_owner(offer.resource_person)
    form = OfferForm(obj=offer)
    if request.method == "GET":
        form.themes.data = [t.code for t in offer.themes]
        form.open_on(services.OFFER_EDIT, offer)
    conflict = None
    if form.validate_on_submit():
        try:
            services.save_offer(offer, profile=offer.resource_person, data=form.data,
                                by=current_user._get_current_object())
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        else:
            flash("Votre offre est enregistrée.", "success")
            return redirect(url_for("resources.show_offer", offer_id=offer.id))
    return render_template("resources/offer_form.html", form=form, offer=offer, conflict=conflict)


@bp.route("/offres/<int:offer_id>/activation", methods=["POST"])
@login_required
@asks_first
def toggle_offer(offer_id: int) -> Response:
    offer = get_or_404(Offer, offer_id)
    _check_owner(offer.resource_person)
    services.set_offer_active(offer, request.form.get("active") == "1")
    flash(validation.offer_published_message(offer.resource_person) if offer.active
          else "Offre retirée de l'annuaire.", "success")
    return redirect(url_for("resources.show_offer", offer_id=offer.id))


@bp.route("/a-valider")
@roles_required(Role.ORGANISER)
def pending() -> str:
    return render_template("resources/pending.html", people=validation.pending_people(current_user._get_current_object()),
                           form=RefusalForm(), region_code=policy.organiser_region(current_user))


@bp.route("/<int:profile_id>/valider", methods=["POST"])
@roles_required(Role.ORGANISER)
def validate(profile_id: int) -> Response:
    profile = _to_decide(profile_id)
    form = RefusalForm()
    if form.validate_on_submit():
        try:
            validation.validate(profile, organiser=current_user._get_current_object())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(f"Le profil {elide('de', profile.user.display_name)} est validé : il apparaît dans l'annuaire.", "success")
    return redirect(url_for("resources.pending"))


@bp.route("/<int:profile_id>/refuser", methods=["POST"])
@roles_required(Role.ORGANISER)
def refuse(profile_id: int) -> Response:
    profile = _to_decide(profile_id)
    form = RefusalForm()
    if form.validate_on_submit():
        try:
            validation.refuse(profile, organiser=current_user._get_current_object(), reason=form.reason.data or "")
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash(f"Le profil {elide('de', profile.user.display_name)} est refusé ; le motif lui est envoyé.", "success")
    else:
        flash(" ".join(item.text for item in error_items(form)), "error")
    return redirect(url_for("resources.pending"))
