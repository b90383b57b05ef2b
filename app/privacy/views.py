"""Privacy page, "Télécharger mes données" and account deletion."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from app.admin.commitments import open_transfers
from app.extensions import db
from app.privacy import services
from app.resources.services import profile_of
from app.privacy.forms import DeleteAccountForm

bp = Blueprint("privacy", __name__)


@bp.route("/confidentialite")
def policy() -> str:
    return render_template("privacy/policy.html",
                           retention_days=current_app.config["RETENTION_INACTIVE_DAYS"],
                           warning_days=current_app.config["RETENTION_WARNING_DAYS"])


@bp.route("/compte/mes-donnees")
@login_required
def download() -> Response:
    body = services.export_user_data_json(db.session, user=current_user._get_current_object())
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="entrepairs-mes-donnees.json"',
        "Cache-Control": "no-store",
    })


@bp.route("/compte/supprimer", methods=["GET", "POST"])
@login_required
def delete_account() -> str | Response:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_own_account(db.session, user=current_user._get_current_object(),
                                        password=form.password.data)
        except services.PrivacyError as error:
            form.password.errors.append(str(error))
        else:
            logout_user()
            session.clear()
            flash("Votre compte et vos données personnelles ont été supprimés.", "success")
            return redirect(url_for("main.home"))
    user = current_user._get_current_object()
    return render_template("privacy/delete.html", form=form, open_transfers=open_transfers(user),
                           is_resource_person=profile_of(user) is not None)
