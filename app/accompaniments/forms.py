"""The form a CRA fills after meeting a pole."""

from __future__ import annotations

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from app.accompaniments.services import (
    NEXT_STEP_MAX, NOTES_MAX, REFERRAL_OTHER_MAX, AccompanimentData, accompaniment_problems,
)
from app.form_fields import FrenchForm, TextLength, as_choices
from app.idempotency import OnceForm
from app.refused import Problem
from app.templating import today_where_read
from models import AccompanimentKind, ReferralTarget, User


class AccompanimentForm(OnceForm, FrenchForm):
    """Its key (``OnceForm``) makes a double click, or Back then send again, record once. The service's rules
    (``accompaniment_problems``) are asked with the fields' checks, so every mistake shows at once, beside its field."""

    def __init__(self, *args: object, author: User | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.author = author

    kind = RadioField(
        "Type d'accompagnement",
        choices=as_choices([(k.value, k.label) for k in AccompanimentKind]),
        validators=[InputRequired("Choisissez le type d'accompagnement.")],
    )
    happened_on = DateField("Date", default=today_where_read,
                            validators=[InputRequired("Indiquez la date (jj/mm/aaaa).")])
    referral_target = RadioField(
        "Réorienté vers (pour une réorientation)",
        choices=as_choices([(t.value, t.label) for t in ReferralTarget]),
        validators=[Optional()],
    )
    referral_other = StringField("Autre dispositif : lequel ?",
                                 validators=[Optional(), TextLength(REFERRAL_OTHER_MAX)])
    notes = TextAreaField("Notes (lues par l'équipe d'animation seulement, jamais par le pôle)",
                          validators=[Optional(), TextLength(NOTES_MAX)])
    next_step = StringField("Prochaine étape",
                            validators=[Optional(), TextLength(NEXT_STEP_MAX)])
    next_step_on = DateField("Date de la prochaine étape", validators=[Optional()])

    def rule_problems(self) -> list[Problem]:
        """The service's rules on the fields that passed their own checks (a field in error reads as empty: its own
        message says why)."""
        valid = self.valid_data()
        if self.author is None or not valid["kind"] or valid["happened_on"] is None:
            return []  # the missing field says so itself
        return accompaniment_problems(AccompanimentData(
            kind=AccompanimentKind(valid["kind"]), happened_on=valid["happened_on"],
            referral_target=ReferralTarget(valid["referral_target"]) if valid["referral_target"] else None,
            referral_other=valid["referral_other"] or "", next_step=valid["next_step"] or "",
            next_step_on=valid["next_step_on"]), author=self.author)

    def values(self) -> AccompanimentData:
        return AccompanimentData(
            kind=AccompanimentKind(self.kind.data), happened_on=self.happened_on.data,
            referral_target=ReferralTarget(self.referral_target.data) if self.referral_target.data else None,
            referral_other=self.referral_other.data or "", notes=self.notes.data or "",
            next_step=self.next_step.data or "", next_step_on=self.next_step_on.data,
        )
