"""Accompaniments of poles and the CRA's « appui renforcé » queue (thin views)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import pole_of_my_region, region_asked, roles_required
from app.accompaniments import queue, services
from app.accompaniments.forms import AccompanimentForm
from app.refused import Refused
from app.network.services import region_names
from models import Role

bp = Blueprint("accompaniments", __name__)


@bp.route("/poles/<int:pole_id>/accompagnements/nouveau", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def new(pole_id: int) -> str | Response:
    user = current_user._get_current_object()
    pole = pole_of_my_region(pole_id, may=services.may_accompany)
    form = AccompanimentForm(author=user)
    if form.validate_on_submit():
        try:  # the same form sent again (its key) gives the accompaniment it recorded
            services.record_accompaniment(pole=pole, author=user, data=form.values(),
                                          idempotency_key=form.idempotency_key.data)
        except Refused as refusal:
            form.show_problems(refusal.problems)
        else:
            flash("L'accompagnement est enregistré.", "success")
            return redirect(url_for("poles.show", pole_id=pole.id) + "#historique-titre")
    return render_template("accompaniments/form.html", form=form, pole=pole)


@bp.route("/organisation/appui-renforce")
@roles_required(Role.ORGANISER)
def reinforced_support() -> str:
    """A CRA sees its region; a national organiser every region, or one (``?region=``)."""
    region_code = region_asked()
    entries = queue.reinforced_support_queue(region_code=region_code)
    return render_template("accompaniments/queue.html", entries=entries, region_code=region_code,
                           region_label=region_names().get(region_code, region_code) if region_code else None)
