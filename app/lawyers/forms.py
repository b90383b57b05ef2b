"""The lawyer's own profile form."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.form_fields import FrenchForm
from app.lawyers.services import MIN_SPECIALTIES_LENGTH


class LawyerProfileForm(FrenchForm):
    firm = StringField("Cabinet", validators=[Optional(), Length(max=200, message="200 caractères au plus.")])
    specialties = TextAreaField(
        "Vos spécialités",
        validators=[InputRequired("Décrivez vos spécialités."),
                    Length(min=MIN_SPECIALTIES_LENGTH, max=3000,
                           message=f"Entre {MIN_SPECIALTIES_LENGTH} et 3 000 caractères.")],
    )
