"""Forms for poles and their needs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, InputRequired, Optional

from app.edit_stamps import StampedForm
from app.idempotency import OnceForm
from app.extensions import db
from app.form_fields import (
    DirectorySearchForm, FrenchForm, MultiCheckboxField, TextLength, as_choices, complete_web_address,
    departement_choices, region_choices, regions_first, theme_choices,
)
from app.poles.claims import MESSAGE_MAX_CHARS
from app.poles.services import (
    CARRIER_MAX, NEED_TEXT_MAX, NEED_TITLE_MAX, POLE_NAME_MAX, POLE_TEXT_MAX, departement_problems,
)
from app.refused import Problem
from models import Departement, Maturity, NeedKind
from models.need import URGENCY_LABELS


@dataclass(frozen=True)
class DepartementGroup:
    """The checkboxes of one region's départements, for the grouped list of the pole form."""

    region_code: str
    region_name: str
    options: list  # the field's checkbox subfields, in order
    chosen_region: bool


class PoleForm(StampedForm, FrenchForm):
    name = StringField(
        "Nom du pôle",
        validators=[InputRequired("Le nom du pôle est obligatoire."),
                    TextLength(POLE_NAME_MAX, least=2, too_short="Le nom doit faire au moins 2 caractères.")],
    )
    carrier_structure = StringField(
        "Structure porteuse", validators=[Optional(), TextLength(CARRIER_MAX)]
    )
    region_code = SelectField("Région", validators=[InputRequired("Choisissez la région du pôle.")])
    departements = MultiCheckboxField("Départements couverts", validators=[Optional()])
    maturity = RadioField(
        "Maturité",
        choices=as_choices([(m.value, m.label) for m in Maturity]),
        default=Maturity.EMERGENT.value,
        validators=[InputRequired("Indiquez la maturité du pôle.")],
    )
    themes = MultiCheckboxField("Thèmes du pôle")
    description = TextAreaField(
        "Présentation du pôle",
        validators=[Optional(), TextLength(POLE_TEXT_MAX)],
    )
    strengths = TextAreaField(
        "Ce que le pôle peut montrer ou transmettre à d'autres pôles",
        validators=[Optional(), TextLength(POLE_TEXT_MAX)],
    )
    website = URLField(
        "Site web",
        filters=[complete_web_address],
        validators=[Optional(), URL(message="Saisissez une adresse web, par exemple coteaux.org."),
                    TextLength(300)],
    )
    public_listing = BooleanField("Le pôle apparaît sur la carte et l'annuaire publics", default=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.region_code.choices = region_choices(blank="— Choisir une région —")
        self.departements.choices = departement_choices()
        self.themes.choices = theme_choices()

    def rule_problems(self) -> list[Problem]:
        """Départements outside the chosen region, said beside their list with every other error."""
        data = self.valid_data()
        if data["departements"] is None or not data["region_code"]:
            return []
        problems = departement_problems(list(data["departements"]), data["region_code"])
        if problems:  # the summary's link goes to a box to untick, not to « Ain (01) » under a closed list
            self.departements.error_target = self._first_outside(data["region_code"])
        return problems

    def _first_outside(self, region_code: str) -> str | None:
        """The id of the first ticked département of another region (``None``: none is)."""
        region_of = dict(db.session.execute(select(Departement.code, Departement.region_code)).all())
        return next((option.id for option in self.departements
                     if option.checked and region_of.get(option.data) != region_code), None)

    def departement_groups(self) -> list[DepartementGroup]:
        """The départements as checkboxes grouped by region: the chosen region first, then the others by name."""
        region_of = dict(db.session.execute(select(Departement.code, Departement.region_code)).all())
        chosen = self.region_code.data or ""
        by_region: dict[str, list] = {}
        for option in self.departements:
            by_region.setdefault(region_of.get(option.data, ""), []).append(option)
        return [DepartementGroup(r.code, r.name, by_region[r.code], r.code == chosen)
                for r in regions_first(chosen) if r.code in by_region]


class NeedForm(OnceForm, StampedForm, FrenchForm):
    title = StringField(
        "Titre du besoin",
        validators=[InputRequired("Donnez un titre au besoin."),
                    TextLength(NEED_TITLE_MAX, least=5, too_short="Le titre doit faire au moins 5 caractères.")],
    )
    text = TextAreaField(
        "Décrivez le besoin avec vos mots",
        validators=[InputRequired("Décrivez le besoin."),
                    TextLength(NEED_TEXT_MAX, least=30,
                               too_short="Écrivez au moins 30 caractères ; quelques phrases suffisent pour "
                                         "trouver les bonnes personnes.")],
    )
    kind = RadioField(
        "Forme d'appui souhaitée",
        choices=as_choices([(k.value, k.label) for k in NeedKind]),
        default=NeedKind.ANY.value,
        validators=[InputRequired("Choisissez la forme d'appui souhaitée.")],
    )
    urgency = RadioField(
        "Échéance",
        choices=as_choices((str(level), label) for level, label in URGENCY_LABELS.items()),
        default="2",
        validators=[InputRequired("Indiquez l'échéance.")],
    )
    themes = MultiCheckboxField("Thèmes (facultatif)")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()


class PoleFilterForm(DirectorySearchForm):
    """GET filters of the pole directory: a directory's, with the maturity and the charter."""

    maturity = SelectField(
        "Maturité",
        choices=as_choices([("", "Toutes")] + [(m.value, m.label) for m in Maturity]),
        validators=[Optional()],
    )
    charte = BooleanField("Signataires de la Charte des PTCE uniquement")


class ClaimForm(FrenchForm):
    """Ask to run a pole: the pole's facilitators or an organiser read the message and decide."""

    message = TextAreaField(
        "Votre rôle dans ce pôle",
        validators=[InputRequired("Dites en quelques mots votre rôle dans ce pôle."),
                    TextLength(MESSAGE_MAX_CHARS, least=10, too_short="Le message doit faire au moins 10 caractères.")],
    )
