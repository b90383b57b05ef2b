"""Organisers record a pole's eligibility (thin: parse, call the service, render)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import pole_of_my_region, roles_required
from app.edit_stamps import EditConflict
from app.eligibility import services
from app.eligibility.forms import EligibilityForm
from app.refused import Refused
from models import Pole, Role

bp = Blueprint("eligibility", __name__)


@bp.app_template_global("eligibility_warning")
def eligibility_warning(pole: Pole) -> str | None:
    """For ``eligibility/_warning.html``, included wherever an organiser decides on a pole's request."""
    return services.warning_for(pole)


@bp.app_template_global("eligibility_notice_for_requester")
def eligibility_notice_for_requester(pole: Pole, action: str) -> str | None:
    """For the request forms a pole's facilitator fills (a transfer, a visit): said before, not after."""
    return services.notice_for_requester(pole, action=action)


@bp.app_template_global("eligibility_contact")
def eligibility_contact(pole: Pole) -> services.EligibilityContact | None:
    """For the request forms too: whom the pole's facilitator writes to so that its eligibility is checked."""
    return services.contact_for(pole, current_user._get_current_object())


@bp.route("/poles/<int:pole_id>/eligibilite", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit(pole_id: int) -> str | Response:
    pole = pole_of_my_region(pole_id)  # a CRA records its region's poles
    form = EligibilityForm()
    if request.method == "GET" and pole.eligibility is not None:
        record = pole.eligibility
        form.charter_version.data = record.charter_version.value if record.charter_version else ""
        form.charter_signed_on.data = record.charter_signed_on
        form.ami_phase.data = str(record.ami_phase) if record.ami_phase else ""
        form.ami_year.data = record.ami_year
    if request.method == "GET":
        form.open_on(services.ELIGIBILITY_EDIT, pole)
    conflict = None
    if form.validate_on_submit():
        try:
            services.record_eligibility(pole, organiser=current_user._get_current_object(), **form.values())
        except EditConflict as refused:
            conflict = refused
            form.reopen(conflict)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash("L'éligibilité du pôle est enregistrée.", "success")
            return redirect(url_for("poles.show", pole_id=pole.id))
    return render_template("eligibility/form.html", form=form, pole=pole, status=services.status_of(pole),
                           conflict=conflict)
