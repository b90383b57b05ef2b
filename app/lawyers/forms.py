"""The lawyer's own profile form."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from app.edit_stamps import StampedForm
from app.form_fields import FrenchForm, TextLength
from app.lawyers.services import MIN_SPECIALTIES_LENGTH, SPECIALTIES_TOO_SHORT


class LawyerProfileForm(StampedForm, FrenchForm):
    firm = StringField("Cabinet", validators=[Optional(), TextLength(200)])
    specialties = TextAreaField(
        "Vos spécialités",
        validators=[InputRequired("Décrivez vos spécialités."),
                    TextLength(3000, least=MIN_SPECIALTIES_LENGTH, too_short=SPECIALTIES_TOO_SHORT)],
    )
    meeting_details = StringField(
        "Lien de visioconférence ou modalités (téléphone, adresse)", validators=[Optional(), TextLength(300)])
