"""Forms for resource-person profiles and their offers."""

from __future__ import annotations

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.form_fields import (
    DirectorySearchForm, FrenchForm, MultiCheckboxField, TextLength, as_choices, grouped_departement_choices,
    region_choices, theme_choices,
)
from app.edit_stamps import StampedForm
from app.idempotency import OnceForm
from app.number_fields import WholeNumberField
from app.refused import Problem
from app.resources import services
from app.resources.validation import REFUSAL_REASON_MAX
from app.resources.services import (
    AVAILABILITY_MAX, BIO_MAX, CAPACITY_MESSAGE, EMPLOYER_MAX, HEADLINE_MAX, OFFER_TEXT_MAX, OFFER_TITLE_MAX,
)
from models import MAX_YEARLY_CAPACITY, DEFAULT_YEARLY_CAPACITY, Mobility


class ResourceProfileForm(StampedForm, FrenchForm):
    headline = StringField(
        "En une phrase, votre expérience",
        validators=[InputRequired("Résumez votre expérience en une phrase."),
                    TextLength(HEADLINE_MAX, least=5, too_short="Au moins 5 caractères.")],
    )
    employer = StringField("Employeur (structure rémunérée pour le temps de transfert)",
                           validators=[Optional(), TextLength(EMPLOYER_MAX)])
    bio = TextAreaField("Parcours", validators=[Optional(), TextLength(BIO_MAX)])
    region_code = SelectField("Région", validators=[InputRequired("Choisissez votre région.")])
    departement_code = SelectField("Département", validators=[Optional()],
                                   render_kw={"data-region-field": "region_code"})  # static/js/departements.js
    pole_id = SelectField("Pôle où vous travaillez (le cas échéant)", validators=[Optional()])
    yearly_capacity = WholeNumberField(
        "Nombre de transferts possibles par an", say_range=False,  # its description, shown as its hint, says it
        description=f"De 0 à {MAX_YEARLY_CAPACITY} par année civile ({DEFAULT_YEARLY_CAPACITY} par défaut) : "
                    "ce nombre engagé, votre profil n'est plus proposé avant le 1er janvier. "
                    "0 met votre profil en pause (un congé, une année chargée) : vos transferts en cours continuent.",
        default=DEFAULT_YEARLY_CAPACITY,
        validators=[InputRequired(CAPACITY_MESSAGE),
                    NumberRange(min=0, max=MAX_YEARLY_CAPACITY, message=CAPACITY_MESSAGE)],
    )
    mobility = RadioField(
        "Modalités", choices=as_choices([(m.value, m.label) for m in Mobility]), default=Mobility.BOTH.value,
        validators=[InputRequired("Choisissez vos modalités.")],
    )
    availability = TextAreaField(
        "Disponibilités", validators=[Optional(), TextLength(AVAILABILITY_MAX)]
    )

    def __init__(self, *args: object, pole_choices: list[tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.region_code.choices = region_choices(blank="— Choisir une région —")
        self.departement_code.choices = grouped_departement_choices(self.region_code.data, blank="— Aucun —")
        self.pole_id.choices = as_choices([("", "— Aucun —")] + (pole_choices or []))

    def rule_problems(self) -> list[Problem]:
        """The profile's rules (``services.profile_problems``): a département outside the region says so
        together with every other error."""
        return services.profile_problems(self.valid_data())


class OfferForm(OnceForm, StampedForm, FrenchForm):
    title = StringField(
        "Ce que vous pouvez transmettre (titre)",
        validators=[InputRequired("Donnez un titre à votre offre."),
                    TextLength(OFFER_TITLE_MAX, least=5, too_short="Le titre doit faire au moins 5 caractères.")],
    )
    text = TextAreaField(
        "Décrivez ce que vous avez fait et ce que vous pouvez transmettre",
        validators=[InputRequired("Décrivez votre offre."),
                    TextLength(OFFER_TEXT_MAX, least=30,
                               too_short="Décrivez votre offre en quelques phrases : 30 caractères au moins.")],
    )
    themes = MultiCheckboxField("Thèmes (facultatif)")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()


class ResourceFilterForm(DirectorySearchForm):
    """GET filters of the resource-person directory: a directory's, no more."""


class RefusalForm(FrenchForm):
    """Validate (reason unused) or refuse (reason required by the service) a pending person."""

    reason = TextAreaField("Motif du refus (transmis à la personne)",
                           validators=[Optional(), TextLength(REFUSAL_REASON_MAX)])
