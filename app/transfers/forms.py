"""Forms of the transfer pages and of the organisers' console."""

from __future__ import annotations

from datetime import datetime

from wtforms import (
    BooleanField, HiddenField, RadioField, SearchField, SelectField, StringField,
    TextAreaField, TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, URL, ValidationError

from wtforms.widgets import HiddenInput

from app.date_fields import TypedDateField
from app.form_fields import FrenchForm, IdField, TextLength, as_choices
from app.number_fields import FiniteDecimalField, WholeNumberField
from app.refused import Problem
from app.scheduling.wall_clock import to_utc_naive
from app.transfers.day_rules import day_problems
from app.typography import count
from app.transfers.lifecycle import (
    DAY_LABEL_MAX, FEEDBACK_TEXT_MAX, FORBID_REASON_MAX, MESSAGE_MAX,
)
from models import utcnow


#: The hidden field of the request and proposal forms: one key per displayed form (see ``app.idempotency``).
def _idempotency_key() -> HiddenField:
    return HiddenField("Formulaire", validators=[InputRequired("Formulaire incomplet : rechargez la page."),
                                   Length(max=64, message="Formulaire incomplet : rechargez la page.")])


#: A resource person typed: her number or words of her name (a name is at most a few hundred characters).
PERSON_QUERY_MAX = 300
PERSON_LABEL = "Personne ressource : numéro ou mots du nom"
PERSON_REQUIRED = "Indiquez le numéro de la personne ressource ou des mots de son nom."


class RequestForm(FrenchForm):
    need_id = IdField(widget=HiddenInput(), validators=[InputRequired()])
    resource_person_id = IdField(widget=HiddenInput(), validators=[InputRequired()])
    offer_id = IdField(widget=HiddenInput(), validators=[Optional()])
    idempotency_key = _idempotency_key()
    message = TextAreaField(
        "Votre message à la personne ressource", validators=[Optional(), TextLength(MESSAGE_MAX)])


class ProposeForm(FrenchForm):
    """An organiser proposes one pair: the person comes from a suggestion (hidden) or is typed (``person_lookup``)."""

    need_id = IdField(widget=HiddenInput(), validators=[InputRequired()])
    #: Her number or words of her name, read by the view (``person_lookup.find_candidate``).
    resource_person_id = SearchField(PERSON_LABEL, validators=[
        InputRequired(PERSON_REQUIRED), TextLength(PERSON_QUERY_MAX)])
    offer_id = IdField(widget=HiddenInput(), validators=[Optional()])
    idempotency_key = _idempotency_key()
    message = TextAreaField(
        "Message à la personne ressource et au pôle", validators=[Optional(), TextLength(MESSAGE_MAX)])


def capacity_text(left: int) -> str:
    """Capacity left in the words of the suggestions ("encore 2 transferts possibles cette année")."""
    if left <= 0:
        return "aucun transfert possible cette année"
    return f"encore {count(left, 'transfert possible', 'transferts possibles')} cette année"


class StepForm(FrenchForm):
    to = HiddenField(validators=[InputRequired()])
    note = TextAreaField("Motif ou commentaire", validators=[Optional(), TextLength(2000)])


class DayForm(FrenchForm):
    """A transfer day's date and times, read in the zone of the pole's region (``zone``)."""

    day = TypedDateField("Date", validators=[InputRequired("Indiquez la date, par exemple 16/03/2027.")])
    start = TimeField("Début", default=None, validators=[InputRequired("Indiquez l'heure de début.")])
    end = TimeField("Fin", validators=[InputRequired("Indiquez l'heure de fin.")])
    already_held = BooleanField("Cette journée a déjà eu lieu (je l'enregistre après coup)")
    label = StringField("Objet de la journée (étape)", validators=[Optional(), TextLength(DAY_LABEL_MAX)])
    location = StringField("Lieu", validators=[Optional(), TextLength(300)])
    video_url = StringField("Lien de visioconférence",
                            validators=[Optional(), URL(message="Indiquez une adresse web complète (https://…)."),
                                        TextLength(500)])

    def __init__(self, *args: object, zone: str = "Europe/Paris", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def rule_problems(self) -> list[Problem]:
        """``plan_day``'s rule (``day_rules``: an end before the start, a date past or years away), said with the
        other fields' errors."""
        data = self.valid_data()
        if not (data["day"] and data["start"] and data["end"]):
            return []
        starts_at, ends_at = self.times()
        return day_problems(starts_at, ends_at, utcnow(), already_held=bool(data["already_held"]))

    def times(self) -> tuple[datetime, datetime]:
        """The day's start and end, UTC naive."""
        return (to_utc_naive(self.day.data, self.start.data, self.zone),
                to_utc_naive(self.day.data, self.end.data, self.zone))


class FeedbackForm(FrenchForm):
    rating = RadioField(
        "Votre appréciation",
        choices=as_choices([("5", "5 — excellent"), ("4", "4 — bien"), ("3", "3 — correct"),
                            ("2", "2 — décevant"), ("1", "1 — insuffisant")]),
        validators=[InputRequired("Choisissez une note de 1 à 5.")])
    transferred = TextAreaField("Ce qui a été transmis (savoir-faire, outils, contacts)",
                                validators=[Optional(), TextLength(FEEDBACK_TEXT_MAX)])
    comment = TextAreaField("Commentaire libre", validators=[Optional(), TextLength(FEEDBACK_TEXT_MAX)])


class RunForm(FrenchForm):
    min_score = FiniteDecimalField(
        "Score minimal d'affinité", default=0.5,
        validators=[InputRequired("Indiquez un score minimal entre 0 et 20."),
                    NumberRange(min=0, max=20, message="Le score minimal est compris entre 0 et 20.")])
    max_per_person_per_region = WholeNumberField(
        "Au plus N binômes par personne ressource et par région (facultatif)",
        validators=[Optional(), NumberRange(min=1, max=12, message="Indiquez un nombre entre 1 et 12.")])


class SwapForm(FrenchForm):
    person_id = SelectField("Autre personne ressource", validators=[InputRequired("Choisissez une personne.")])


#: A need's number or words of its title (a title is at most a few hundred characters).
NEED_QUERY_MAX = 300


class ForbidForm(FrenchForm):
    """Exclude a pair: the need and the person typed (a number or words of a title or a name), found by
    ``need_lookup`` and ``person_lookup``."""

    need_id = SearchField("Besoin : numéro ou mots du titre", validators=[
        InputRequired("Indiquez le numéro du besoin ou des mots de son titre."), TextLength(NEED_QUERY_MAX)])
    resource_person_id = SearchField(PERSON_LABEL, validators=[
        InputRequired(PERSON_REQUIRED), TextLength(PERSON_QUERY_MAX)])
    reason = StringField("Motif", validators=[Optional(), TextLength(FORBID_REASON_MAX)])


def _month(form: object, field: StringField) -> None:
    value = (field.data or "").strip()
    if not value:
        return
    try:
        datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise ValidationError("Indiquez le mois au format AAAA-MM, par exemple 2026-03.") from None
    if len(value) != 7:
        raise ValidationError("Indiquez le mois au format AAAA-MM, par exemple 2026-03.")


class FollowUpFilterForm(FrenchForm):
    """The follow-up's filters: an invalid one shows its error and is left out; the others still apply."""

    class Meta:
        csrf = False

    status = SelectField("Statut", validators=[Optional()])
    region = SelectField("Région", validators=[Optional()])
    theme = SelectField("Thème", validators=[Optional()])
    month = StringField("Mois (AAAA-MM)", validators=[Optional(), _month])

    def valid_filters(self) -> dict[str, str]:
        """Validate, and keep every filter that is valid (an invalid month drops only the month)."""
        self.validate()
        return {name: ("" if self[name].errors else (self[name].data or "").strip())
                for name in ("status", "region", "theme", "month") if name in self}
