"""Forms of the learning visits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from app.access.scopes import pole_named_to
from app.edit_stamps import StampedForm
from app.extensions import db
from app.form_fields import FrenchForm, MultiCheckboxField, TextLength, as_choices
from app.refused import Problem
from app.visits.common import CAPACITY_MESSAGE, MAX_CAPACITY
from app.visits.creation import visit_problems
from app.typography import alphabetical
from models import Pole


def pole_choices(viewer: Any) -> list:
    """The poles ``viewer`` may name (``app.access.scopes.pole_named_to``), with their region."""
    poles = sorted(db.session.scalars(select(Pole).where(pole_named_to(viewer))), key=lambda p: alphabetical(p.name))
    return as_choices((str(p.id), f"{p.name} ({p.region.name})") for p in poles)


class ThemeQueryForm(FrenchForm):
    """A theme typed by the organiser (GET form, no CSRF needed)."""

    class Meta(FrenchForm.Meta):
        csrf = False

    q = StringField("Thème", validators=[InputRequired("Décrivez le thème en quelques mots."),
                                         TextLength(500, least=5)])


class VisitForm(FrenchForm):
    title = StringField("Titre de la visite", validators=[
        InputRequired("Donnez un titre à la visite."),
        TextLength(200, least=5, too_short="Le titre doit faire au moins 5 caractères.")])
    theme_text = TextAreaField("Le thème en quelques phrases", validators=[
        Optional(), TextLength(3000)])
    label_terms = HiddenField()
    host = SelectField("Pôle hôte", validators=[InputRequired("Choisissez le pôle hôte.")])
    start_date = DateField("Premier jour (la visite dure deux jours)",
                           validators=[InputRequired("Indiquez la date du premier jour (jj/mm/aaaa).")])
    capacity = IntegerField("Capacité (nombre de pôles visiteurs)", default=6, validators=[
        InputRequired("Indiquez la capacité."),
        NumberRange(min=1, max=MAX_CAPACITY, message=CAPACITY_MESSAGE)])
    place = StringField("Lieu", validators=[Optional(), TextLength(300)])
    programme = TextAreaField("Programme des deux jours", validators=[
        Optional(), TextLength(8000)])
    invited = MultiCheckboxField("Pôles invités")

    def __init__(self, *args: object, viewer: Any = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = pole_choices(viewer)
        self.host.choices = as_choices([("", "— Choisir le pôle hôte —")]) + choices
        self.invited.choices = choices

    def rule_problems(self) -> list[Problem]:
        """The creation rules (``visit_problems``) beside the date and the invitations, with the fields' errors."""
        data = self.valid_data()
        invited = [int(v) for v in data["invited"] or [] if str(v).isdigit()]
        host = int(data["host"]) if str(data["host"] or "").isdigit() else None
        return visit_problems(host_id=host, start_date=data["start_date"], invited_ids=invited,
                              capacity=data["capacity"])


class InviteForm(FrenchForm):
    invited = MultiCheckboxField("Inviter d'autres pôles")

    def __init__(self, *args: object, exclude: set[int] = frozenset(), viewer: Any = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.invited.choices = [c for c in pole_choices(viewer) if int(c.value) not in exclude]


class FeedbackForm(StampedForm, FrenchForm):
    rating = RadioField("Votre appréciation de la visite", choices=as_choices([
        ("5", "5 — excellente"), ("4", "4 — très utile"), ("3", "3 — utile"),
        ("2", "2 — mitigée"), ("1", "1 — décevante")]),
        validators=[InputRequired("Choisissez une note de 1 à 5.")])
    text = TextAreaField("Ce que votre pôle en retient", validators=[
        Optional(), TextLength(5000)])
