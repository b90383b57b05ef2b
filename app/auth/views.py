"""Sign-up, confirmation, login, logout, password reset and change, « Mon compte », invitations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.access import national_organiser_required
from app.auth import account, invitations, password_change, services
from app.auth.forms import (
    ChangePasswordForm, DisplayNameForm, EmailChangeForm, EmailOnlyForm, InviteForm, LoginForm, NewPasswordForm,
    SignupForm,
)
from app.auth.tokens import TokenError, token_lifetime_text
from app.read_only import writes_on_get
from app.security import is_safe_next
from models import Role

bp = Blueprint("auth", __name__, url_prefix="/compte")


#: Sign-up answers this whether the address is new or already has an account (no enumeration).
#: The address is repeated, so that a typo can be seen and the sign-up made again.
SIGNUP_SENT = ("Un e-mail de confirmation part à l'adresse {email} : suivez le lien qu'il contient pour "
               "confirmer votre compte et vous connecter (si cette adresse a déjà un compte, le message "
               "vous le dit et vous donne le lien de connexion). Ce n'est pas la bonne adresse ? "
               "Inscrivez-vous de nouveau avec la bonne.")


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
            form.role.errors.append(str(error))
        else:
            flash(SIGNUP_SENT.format(email=form.email.data), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/signup.html", form=form)


#: The address a mailed link has just proven (confirmation, password chosen by a reset or an invitation link): the
#: sign-in form that follows shows it once, so that nobody types again the address the link was sent to.
_CONFIRMED_EMAIL = "confirmed_email"


@bp.route("/confirmer/<token>")
@writes_on_get  # the link sent by e-mail confirms the address
def confirm(token: str) -> Response:
    try:
        user = services.confirm_email(token)
    except TokenError as error:
        flash(str(error), "error")
        return redirect(url_for("auth.resend_confirmation"))
    flash("Votre adresse e-mail est confirmée. Vous pouvez vous connecter.", "success")
    # The sign-in form shows the address just confirmed (kept in the session, not in the address bar).
    session[_CONFIRMED_EMAIL] = user.email
    return redirect(url_for("auth.login"))


@bp.route("/renvoyer-confirmation", methods=["GET", "POST"])
def resend_confirmation() -> str | Response:
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_confirmation(form.email.data)
        flash("Si un compte non confirmé existe pour cette adresse, un nouveau lien a été envoyé.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/email_only.html", form=form, title="Renvoyer le lien de confirmation")


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    next_url = request.values.get("next")
    next_url = next_url if is_safe_next(next_url) else None
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.dashboard"))
    form = LoginForm()
    confirmed_email = session.pop(_CONFIRMED_EMAIL, None)
    if request.method == "GET" and confirmed_email:
        form.email.data = confirmed_email
    if form.validate_on_submit():
        try:
            user = services.sign_in(email=form.email.data, password=form.password.data, ip=request.remote_addr)
        except services.TooManyAttempts as error:
            form.password.errors.append(str(error))
            return render_template("auth/login.html", form=form, next_url=next_url), 429
        except services.UnconfirmedEmail as error:
            form.email.errors.append(str(error))
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            session.clear()  # a fresh session at login (no fixation)
            login_user(user)
            flash(f"Bienvenue, {user.display_name}.", "success")
            return redirect(next_url or url_for("main.dashboard"))
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.route("/deconnexion", methods=["POST"])
@login_required
def logout() -> Response:
    services.end_sessions(current_user._get_current_object())  # a cookie captured before is refused from now on
    logout_user()
    session.clear()
    flash("Déconnexion effectuée. À bientôt sur Entrepairs.", "info")
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
        try:
            user = services.set_password_by_link(token, form.password.data)
        except TokenError as error:  # the same link used meanwhile (another tab), or the account deactivated
            flash(str(error), "error")
            return redirect(url_for("auth.forgot_password"))
        flash("Votre mot de passe est enregistré. Vous pouvez vous connecter.", "success")
        session[_CONFIRMED_EMAIL] = user.email
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, user=user)


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response | tuple[str, int]:
    """The current password is checked whenever it is typed, so its error shows with those of the new one."""
    user = current_user._get_current_object()
    form = ChangePasswordForm(account_email=user.email)
    if not form.is_submitted():
        return render_template("auth/change_password.html", form=form)
    fields_valid = form.validate()
    if form.csrf_token.errors or not form.current_password.data:
        return render_template("auth/change_password.html", form=form)
    try:
        if fields_valid:
            password_change.change_password(user, current=form.current_password.data, new=form.password.data,
                                            ip=request.remote_addr)
        else:
            password_change.check_current_password(user, form.current_password.data, ip=request.remote_addr)
    except services.TooManyAttempts as error:
        form.show_problems(error.problems)
        return render_template("auth/change_password.html", form=form), 429
    except services.AccountError as error:
        form.show_problems(error.problems)
    else:
        if fields_valid:
            login_user(user)  # this session carries the new session version; the others are refused
            flash("Votre mot de passe est changé. Un e-mail vous le confirme.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)


def _account_page(name_form: DisplayNameForm | None = None, email_form: EmailChangeForm | None = None,
                  status: int = 200) -> tuple[str, int]:
    """« Mon compte »: the form sent back with its errors, the other one as it was."""
    user = current_user._get_current_object()
    name_form = name_form or DisplayNameForm(formdata=None, data={"display_name": user.display_name})
    email_form = email_form or EmailChangeForm(formdata=None, account_email=user.email)
    return render_template("auth/account.html", name_form=name_form, email_form=email_form,
                           link_lifetime=token_lifetime_text()), status


@bp.route("/mon-compte")
@login_required
def account_page() -> tuple[str, int]:
    return _account_page()


@bp.route("/mon-compte/nom", methods=["POST"])
@login_required
def change_name() -> Response | tuple[str, int]:
    form = DisplayNameForm()
    if form.validate_on_submit():
        try:
            account.rename(current_user._get_current_object(), form.display_name.data)
        except services.AccountError as error:
            form.show_problems(error.problems)
        else:
            flash(f"Votre nom est enregistré : « {form.display_name.data} ».", "success")
            return redirect(url_for("auth.account_page", _anchor="nom"))
    return _account_page(name_form=form)


@bp.route("/mon-compte/adresse", methods=["POST"])
@login_required
def change_email() -> Response | tuple[str, int]:
    """As the password change: the current password is checked whenever it is typed (within the login limits)."""
    user = current_user._get_current_object()
    form = EmailChangeForm(account_email=user.email)
    fields_valid = form.validate()
    if form.csrf_token.errors or not form.current_password.data:
        return _account_page(email_form=form)
    try:
        if fields_valid:
            new_email = account.ask_email_change(user, new_email=form.new_email.data,
                                                 current_password=form.current_password.data, ip=request.remote_addr)
        else:
            password_change.check_current_password(user, form.current_password.data, ip=request.remote_addr)
    except services.TooManyAttempts as error:
        form.show_problems(error.problems)
        return _account_page(email_form=form, status=429)
    except services.AccountError as error:
        form.show_problems(error.problems)
    else:
        if fields_valid:
            flash(f"Un e-mail part à l'adresse {new_email} : ouvrez le lien qu'il contient après connexion à "
                  f"votre compte pour confirmer le changement. D'ici là, votre adresse reste {user.email} ; "
                  "elle reçoit un message qui vous prévient.", "success")
            return redirect(url_for("auth.account_page", _anchor="adresse"))
    return _account_page(email_form=form)


@bp.route("/mon-compte/adresse/<token>")
@writes_on_get  # the link mailed to the new address makes the change
@login_required  # opened by the account's owner only: a stranger given the link by a typo cannot take the account
def confirm_email_change(token: str) -> Response:
    try:
        new_email = account.confirm_email_change(current_user._get_current_object(), token)
    except (TokenError, services.AccountError) as error:
        flash(str(error), "error")
        return redirect(url_for("auth.account_page", _anchor="adresse"))
    flash(f"L'adresse e-mail de votre compte est maintenant {new_email} : utilisez-la pour vous connecter. "
          "Votre ancienne adresse en est prévenue.", "success")
    return redirect(url_for("auth.account_page", _anchor="adresse"))


@bp.route("/inviter", methods=["GET", "POST"])
@national_organiser_required  # a CRA would invite organisers who see every region
def invite() -> str | Response:
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = invitations.invite_user(
                inviter=current_user._get_current_object(), display_name=form.display_name.data,
                email=form.email.data, role=Role(form.role.data),
            )
        except invitations.AlreadyInvited as error:
            form.email.errors.append(error.for_organiser)
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"Invitation envoyée à {user.email}.", "success")
            return redirect(url_for("auth.invite"))
    return render_template("auth/invite.html", form=form)
