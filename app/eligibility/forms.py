"""The form an organiser fills to record a pole's charter signature and AMI PTCE result."""

from __future__ import annotations

from wtforms import DateField, RadioField
from wtforms.validators import NumberRange, Optional

from app.edit_stamps import StampedForm
from app.form_fields import FrenchForm, as_choices
from app.number_fields import WholeNumberField
from models import CharterVersion


class EligibilityForm(StampedForm, FrenchForm):
    charter_version = RadioField(
        "Charte des PTCE",
        choices=as_choices([("", "Non signataire")] + [(v.value, f"Signataire — {v.label.lower()}")
                                                        for v in CharterVersion]),
        default="", validators=[Optional()],
    )
    charter_signed_on = DateField("Date de signature de la charte (si connue)", validators=[Optional()])
    ami_phase = RadioField(
        "AMI PTCE",
        choices=as_choices([("", "Non lauréat"), ("1", "Lauréat de la phase 1"),
                            ("2", "Lauréat de la phase 2 (après la phase 1)")]),
        default="", validators=[Optional()],
    )
    ami_year = WholeNumberField(
        "Année de l'AMI (si connue)", say_range=False,  # a year: « de 2 013 à 2 100 » would say nothing
        validators=[Optional(), NumberRange(min=2013, max=2100, message="Une année entre 2013 et 2100.")],
    )

    def values(self) -> dict:
        """The service's keyword arguments."""
        return {
            "charter_version": CharterVersion(self.charter_version.data) if self.charter_version.data else None,
            "charter_signed_on": self.charter_signed_on.data,
            "ami_phase": int(self.ami_phase.data) if self.ami_phase.data else None,
            "ami_year": self.ami_year.data,
            "opened": self.opened_on.data,
        }
