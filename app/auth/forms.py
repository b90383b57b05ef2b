"""Account forms, with French messages."""

from __future__ import annotations

from flask import current_app
from wtforms import EmailField, PasswordField, RadioField, SelectField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from app.auth.account import SAME_ADDRESS
from app.auth.passwords import password_problems
from app.auth.role_names import SIGN_UP, role_of_one
from app.form_fields import FrenchForm, as_choices, display_name_field, email_field
from models import Role


def _new_password_field() -> PasswordField:
    return PasswordField("Nouveau mot de passe", validators=[InputRequired("Choisissez un mot de passe.")])


def _confirm_field() -> PasswordField:
    return PasswordField(
        "Confirmez le mot de passe",
        validators=[
            InputRequired("Confirmez le mot de passe."),
            EqualTo("password", message="Les deux mots de passe ne sont pas identiques."),
        ],
    )


class _NewPasswordMixin:
    """A new password and its confirmation, checked against the strength rule."""

    def email_for_rule(self) -> str:
        """The address the password must not repeat: the form's own e-mail field, if it has one."""
        email = getattr(self, "email", None)
        return (email.data or "") if email is not None else ""

    def validate_password(self, field: PasswordField) -> None:
        problems = password_problems(
            field.data or "", email=self.email_for_rule(), min_length=current_app.config["PASSWORD_MIN_LENGTH"],
        )
        if problems:
            raise ValidationError(" ".join(problems))


class SignupForm(_NewPasswordMixin, FrenchForm):
    display_name = display_name_field("Indiquez votre nom.")
    email = email_field()
    password = PasswordField("Mot de passe", validators=[InputRequired("Choisissez un mot de passe.")])
    password_confirm = _confirm_field()
    role = RadioField(
        "Je m'inscris pour",
        choices=as_choices([(role.value, SIGN_UP[role]) for role in (Role.FACILITATOR, Role.RESOURCE_PERSON)]),
        default=Role.FACILITATOR.value,
        validators=[InputRequired("Choisissez votre profil.")],
    )


class LoginForm(FrenchForm):
    email = email_field()
    password = PasswordField(
        "Mot de passe", validators=[InputRequired("Saisissez votre mot de passe.")]
    )


class EmailOnlyForm(FrenchForm):
    email = email_field()


class NewPasswordForm(_NewPasswordMixin, FrenchForm):
    password = _new_password_field()
    password_confirm = _confirm_field()


class ChangePasswordForm(_NewPasswordMixin, FrenchForm):
    """A signed-in user's change: the current password (checked by the service), then the new one as on reset."""

    current_password = PasswordField(
        "Mot de passe actuel", validators=[InputRequired("Saisissez votre mot de passe actuel.")]
    )
    password = _new_password_field()
    password_confirm = _confirm_field()

    def __init__(self, *args: object, account_email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = account_email

    def email_for_rule(self) -> str:
        return self.account_email


class InviteForm(FrenchForm):
    display_name = display_name_field("Indiquez le nom de la personne invitée.")
    email = email_field()
    role = SelectField(
        "Rôle",
        choices=as_choices([(role.value, role_of_one(role)) for role in (Role.LAWYER, Role.ORGANISER)]),
        validators=[InputRequired("Choisissez un rôle.")],
    )


class DisplayNameForm(FrenchForm):
    """« Mon compte » : the name, by the rules of sign-up."""

    display_name = display_name_field("Indiquez votre nom.")


class EmailChangeForm(FrenchForm):
    """« Mon compte » : the new address, and the current password (checked by the service)."""

    new_email = email_field("Nouvelle adresse e-mail")
    current_password = PasswordField(
        "Mot de passe actuel", validators=[InputRequired("Saisissez votre mot de passe actuel.")]
    )

    def __init__(self, *args: object, account_email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = account_email

    def validate_new_email(self, field: EmailField) -> None:
        if (field.data or "").strip().lower() == self.account_email.strip().lower():
            raise ValidationError(SAME_ADDRESS)
