"""Forms for resource-person profiles and their offers."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from wtforms import RadioField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.form_fields import (
    DirectorySearchForm, FrenchForm, MultiCheckboxField, TextLength, as_choices, grouped_departement_choices,
    region_choices, theme_choices,
)
from app.edit_stamps import StampedForm
from app.idempotency import OnceForm
from app.number_fields import WholeNumberField
from app.poles.pole_lookup import find_pole
from app.refused import Problem
from app.resources import services
from app.resources.validation import REFUSAL_REASON_MAX
from app.typed_lookup import Found
from app.resources.services import (
    AVAILABILITY_MAX, BIO_MAX, CAPACITY_MESSAGE, EMPLOYER_MAX, HEADLINE_MAX, OFFER_TEXT_MAX, OFFER_TITLE_MAX,
)
from models import MAX_YEARLY_CAPACITY, DEFAULT_YEARLY_CAPACITY, Mobility


#: A pole typed: words of its name (a pole's name is at most a few hundred characters).
POLE_QUERY_MAX = 300


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
    #: Typed: words of its name (or its number), found among ``services.poles_to_pick`` (``validate_pole_id``).
    pole_id = SearchField("Pôle où vous travaillez (le cas échéant)", validators=[Optional(), TextLength(POLE_QUERY_MAX)])
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

    def __init__(self, *args: object, poles: ColumnElement[bool] | None = None, pole_chosen: str | None = None,
                 **kwargs: object) -> None:
        """``poles``: the poles one may name as hers (``services.poles_to_pick``); ``pole_chosen``: the one picked
        among those offered when the words typed named several."""
        super().__init__(*args, **kwargs)
        self.region_code.choices = region_choices(blank="— Choisir une région —")
        self.departement_code.choices = grouped_departement_choices(self.region_code.data, blank="— Aucun —")
        self.poles, self.pole_chosen = poles, pole_chosen
        #: What the typed pole named, once validated (None: none typed).
        self.pole_found: Found | None = None

    def validate_pole_id(self, field: SearchField) -> None:
        self.pole_found = find_pole(field.data, among=self.poles, say=services.POLE_SAYINGS, chosen=self.pole_chosen)
        if self.pole_found.error:
            raise ValidationError(self.pole_found.error)

    def profile_data(self) -> dict:
        """The form's data for ``services.save_profile``: the pole as its number (None: no pole typed)."""
        return {**self.data, "pole_id": self._pole_number()}

    def _pole_number(self) -> str | None:
        return str(self.pole_found.id) if self.pole_found is not None and self.pole_found.id is not None else None

    def rule_problems(self) -> list[Problem]:
        """The profile's rules (``services.profile_problems``): a département outside the region says so
        together with every other error."""
        return services.profile_problems({**self.valid_data(), "pole_id": self._pole_number()})


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
