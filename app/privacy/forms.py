"""Account deletion form: the password again, and an explicit confirmation."""

from __future__ import annotations

from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired

from app.form_fields import FrenchForm


class DeleteAccountForm(FrenchForm):
    password = PasswordField("Votre mot de passe", validators=[
        InputRequired("Saisissez votre mot de passe pour confirmer.")])
    confirm = BooleanField(
        "Je comprends que la suppression est définitive.",
        validators=[InputRequired("Cochez la case pour confirmer la suppression.")],
    )
