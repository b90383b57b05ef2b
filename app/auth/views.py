"""Sign-up, confirmation, login, logout, password reset, invitations."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.access import national_organiser_required
from app.auth import services
from app.auth.forms import EmailOnlyForm, InviteForm, LoginForm, NewPasswordForm, SignupForm
from app.auth.tokens import TokenError
from app.extensions import db
from app.ratelimit import (
    TOO_MANY_ATTEMPTS, LoginLimits, forget_login_failures, is_login_blocked, record_login_failure,
)
from app.read_only import writes_on_get
from app.security import is_safe_next
from models import Role

bp = Blueprint("auth", __name__, url_prefix="/compte")


@bp.route("/inscription", methods=["GET", "POST"])
def signup() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            services.register_user(
                display_name=form.display_name.data, email=form.email.data,
                password=form.password.data, role=Role(form.role.data),
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(
                "Votre compte est créé. Un e-mail de confirmation vient de vous être envoyé : "
                "suivez le lien qu'il contient pour vous connecter.",
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/signup.html", form=form)


@bp.route("/confirmer/<token>")
@writes_on_get  # the link sent by e-mail confirms the address
def confirm(token: str) -> Response:
    try:
        services.confirm_email(token)
    except TokenError as error:
        flash(str(error), "error")
        return redirect(url_for("auth.resend_confirmation"))
    flash("Votre adresse e-mail est confirmée. Vous pouvez vous connecter.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/renvoyer-confirmation", methods=["GET", "POST"])
def resend_confirmation() -> str | Response:
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and not user.is_confirmed:
            services.send_confirmation(user)
        flash("Si un compte non confirmé existe pour cette adresse, un nouveau lien a été envoyé.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/email_only.html", form=form, title="Renvoyer le lien de confirmation")


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> str | Response:
    next_url = request.values.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_next(next_url) else url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        limits = LoginLimits.from_config(current_app.config)
        if is_login_blocked(db.session, email=form.email.data, ip=request.remote_addr, limits=limits):
            form.password.errors.append(TOO_MANY_ATTEMPTS)
            return render_template("auth/login.html", form=form,
                                   next_url=next_url if is_safe_next(next_url) else None), 429
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.AccountError as error:
            record_login_failure(db.session, email=form.email.data, ip=request.remote_addr, limits=limits)
            form.password.errors.append(str(error))
        else:
            forget_login_failures(db.session, email=form.email.data)
            db.session.commit()
            session.clear()  # a fresh session at login (no fixation)
            login_user(user)
            flash(f"Bienvenue, {user.display_name}.", "success")
            return redirect(next_url if is_safe_next(next_url) else url_for("main.dashboard"))
    return render_template("auth/login.html", form=form, next_url=next_url if is_safe_next(next_url) else None)


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout() -> Response:
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("main.home"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
def forgot_password() -> str | Response:
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(
            "Si un compte existe pour cette adresse, un lien de réinitialisation vient d'être envoyé.",
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/email_only.html", form=form, title="Mot de passe oublié")


@bp.route("/reinitialiser/<token>", methods=["GET", "POST"])
def reset(token: str) -> str | Response:
    try:
        user = services.user_for_reset(token)
    except TokenError as error:
        flash(str(error), "error")
        return redirect(url_for("auth.forgot_password"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        flash("Votre mot de passe est enregistré. Vous pouvez vous connecter.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=user)


@bp.route("/inviter", methods=["GET", "POST"])
@national_organiser_required  # a CRA would invite organisers who see every region
def invite() -> str | Response:
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = services.invite_user(
                inviter=current_user._get_current_object(), display_name=form.display_name.data,
                email=form.email.data, role=Role(form.role.data),
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"Invitation envoyée à {user.email}.", "success")
            return redirect(url_for("auth.invite"))
    return render_template("auth/invite.html", form=form)
