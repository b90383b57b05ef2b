"""The form a CRA fills after meeting a pole."""

from __future__ import annotations

from datetime import date

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.accompaniments.services import AccompanimentData
from app.form_fields import FrenchForm, as_choices
from models import AccompanimentKind, ReferralTarget


class AccompanimentForm(FrenchForm):
    kind = RadioField(
        "Type d'accompagnement",
        choices=as_choices([(k.value, k.label) for k in AccompanimentKind]),
        validators=[InputRequired("Choisissez le type d'accompagnement.")],
    )
    happened_on = DateField("Date", default=date.today,
                            validators=[InputRequired("Indiquez la date (jj/mm/aaaa).")])
    referral_target = RadioField(
        "Réorienté vers (pour une réorientation)",
        choices=as_choices([(t.value, t.label) for t in ReferralTarget]),
        validators=[Optional()],
    )
    referral_other = StringField("Autre dispositif : lequel ?",
                                 validators=[Optional(), Length(max=200, message="200 caractères au plus.")])
    notes = TextAreaField("Notes (lues par l'équipe d'animation seulement, jamais par le pôle)",
                          validators=[Optional(), Length(max=5000, message="5 000 caractères au plus.")])
    next_step = StringField("Prochaine étape",
                            validators=[Optional(), Length(max=300, message="300 caractères au plus.")])
    next_step_on = DateField("Date de la prochaine étape", validators=[Optional()])

    def values(self) -> AccompanimentData:
        return AccompanimentData(
            kind=AccompanimentKind(self.kind.data), happened_on=self.happened_on.data,
            referral_target=ReferralTarget(self.referral_target.data) if self.referral_target.data else None,
            referral_other=self.referral_other.data or "", notes=self.notes.data or "",
            next_step=self.next_step.data or "", next_step_on=self.next_step_on.data,
        )
