"""The lawyer's profile page and the organisers' list of lawyers (thin views)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import policy, roles_required
from app.edit_stamps import EditConflict
from app.lawyers import services
from app.lawyers.forms import LawyerProfileForm
from app.refused import Refused
from models import Role

bp = Blueprint("lawyers", __name__)


@bp.route("/avocat/profil", methods=["GET", "POST"])
@roles_required(Role.LAWYER)
def profile() -> str | Response:
    user = current_user._get_current_object()
    current = services.profile_of(user)
    form = LawyerProfileForm(obj=current)
    if request.method == "GET" and current is not None:
        form.open_on(services.LAWYER_EDIT, current)
    conflict = None
    if form.validate_on_submit():
        try:
            services.save_profile(user, firm=form.firm.data or "", specialties=form.specialties.data or "",
                                  meeting_details=form.meeting_details.data or "", opened=form.opened_on.data)
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash("Votre profil est enregistré : les questions juridiques vous sont adressées d'après vos spécialités.",
                  "success")
            return redirect(url_for("lawyers.profile"))
    return render_template("lawyers/profile.html", form=form, conflict=conflict,
                           routable=services.is_routable(current))


@bp.route("/organisation/avocats")
@roles_required(Role.ORGANISER)
def overview() -> str:
    return render_template("lawyers/overview.html", lawyers=services.lawyers_overview(),
                           manages_slots=policy.runs_juri_ptce(current_user))
