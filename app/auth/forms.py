"""Account forms, with French messages."""

from __future__ import annotations

from flask import current_app
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from app.auth.passwords import password_problems
from app.form_fields import FrenchForm, as_choices
from models import Role

EMAIL_MESSAGE = "Saisissez une adresse e-mail valide (exemple : prenom.nom@exemple.fr)."


def _email_field(label: str = "Adresse e-mail") -> EmailField:
    return EmailField(
        label,
        validators=[
            InputRequired("L'adresse e-mail est obligatoire."),
            Length(max=254, message="L'adresse e-mail est trop longue."),
            Email(message=EMAIL_MESSAGE, check_deliverability=False),
        ],
    )


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

    def validate_password(self, field: PasswordField) -> None:
        email = getattr(self, "email", None)
        problems = password_problems(
            field.data or "",
            email=(email.data or "") if email is not None else "",
            min_length=current_app.config["PASSWORD_MIN_LENGTH"],
        )
        if problems:
            raise ValidationError(" ".join(problems))


class SignupForm(_NewPasswordMixin, FrenchForm):
    display_name = StringField(
        "Prénom et nom",
        validators=[
            InputRequired("Indiquez votre nom."),
            Length(min=2, max=120, message="Le nom doit faire entre 2 et 120 caractères."),
        ],
    )
    email = _email_field()
    password = PasswordField("Mot de passe", validators=[InputRequired("Choisissez un mot de passe.")])
    password_confirm = _confirm_field()
    role = RadioField(
        "Je m'inscris comme",
        choices=as_choices([
            (Role.FACILITATOR.value, "Animateur·rice d'un PTCE"),
            (Role.RESOURCE_PERSON.value, "Personne ressource (je transmets un savoir-faire)"),
        ]),
        default=Role.FACILITATOR.value,
        validators=[InputRequired("Choisissez votre profil.")],
    )


class LoginForm(FrenchForm):
    email = _email_field()
    password = PasswordField(
        "Mot de passe", validators=[InputRequired("Saisissez votre mot de passe.")]
    )


class EmailOnlyForm(FrenchForm):
    email = _email_field()


class NewPasswordForm(_NewPasswordMixin, FrenchForm):
    password = PasswordField(
        "Nouveau mot de passe", validators=[InputRequired("Choisissez un mot de passe.")]
    )
    password_confirm = _confirm_field()


class InviteForm(FrenchForm):
    display_name = StringField(
        "Prénom et nom",
        validators=[
            InputRequired("Indiquez le nom de la personne invitée."),
            Length(min=2, max=120, message="Le nom doit faire entre 2 et 120 caractères."),
        ],
    )
    email = _email_field()
    role = SelectField(
        "Rôle",
        choices=as_choices([
            (Role.LAWYER.value, "Avocat·e Juri-PTCE"),
            (Role.ORGANISER.value, "Organisateur·rice"),
        ]),
        validators=[InputRequired("Choisissez un rôle.")],
    )
