"""Forms of the learning visits."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField, DateField, FieldList, FormField, HiddenField, RadioField, SearchField, StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from app.edit_stamps import StampedForm
from app.idempotency import OnceForm
from app.form_fields import FrenchForm, MultiCheckboxField, TextLength, as_choices, theme_choices
from app.months import parse_month
from app.number_fields import WholeNumberField
from app.pole_choices import PoleCheckboxField, pole_choices
from app.refused import Problem
from app.typed_lookup import Found
from app.visits import attendance, cohorts, host_lookup, hosting
from app.visits.common import CAPACITY_MESSAGE, MAX_CAPACITY
from app.visits.creation import visit_problems



class ThemeQueryForm(FrenchForm):
    """A theme typed by the organiser (GET form, no CSRF needed)."""

    class Meta(FrenchForm.Meta):
        csrf = False

    q = StringField("Thème", validators=[InputRequired("Décrivez le thème en quelques mots."),
                                         TextLength(500, least=5)])

    def validate_q(self, field: StringField) -> None:
        if (problem := cohorts.theme_problem(field.data or "")) is not None:
            raise ValidationError(problem)


#: A host typed: words of its name or its number (a pole's name is at most a few hundred characters).
HOST_QUERY_MAX = 300


class VisitForm(OnceForm, FrenchForm):
    title = StringField("Titre de la visite", validators=[
        InputRequired("Donnez un titre à la visite."),
        TextLength(200, least=5, too_short="Le titre doit faire au moins 5 caractères.")])
    theme_text = TextAreaField("Le thème en quelques phrases", validators=[
        Optional(), TextLength(3000)])
    label_terms = HiddenField()
    #: Typed: words of its name or its number, found by ``host_lookup`` (``validate_host``).
    host = SearchField("Pôle hôte : mots du nom ou numéro", validators=[
        InputRequired("Indiquez le pôle hôte : des mots de son nom, ou son numéro."), TextLength(HOST_QUERY_MAX)])
    start_date = DateField("Premier jour (la visite dure deux jours)",
                           validators=[InputRequired("Indiquez la date du premier jour (jj/mm/aaaa).")])
    capacity = WholeNumberField("Capacité (nombre de pôles visiteurs)", default=6, validators=[
        InputRequired("Indiquez la capacité."),
        NumberRange(min=1, max=MAX_CAPACITY, message=CAPACITY_MESSAGE)])
    place = StringField("Lieu", validators=[Optional(), TextLength(300)])
    programme = TextAreaField("Programme des deux jours", validators=[
        Optional(), TextLength(8000)])
    invited = PoleCheckboxField("Pôles invités")
    #: The pole's proposal the visit answers (``hosting.create_visit_from_proposal``), if any.
    proposal = HiddenField()

    def __init__(self, *args: object, viewer: Any = None, host_chosen: str | None = None, **kwargs: object) -> None:
        """``host_chosen``: the pole picked among those offered when the words typed named several."""
        super().__init__(*args, **kwargs)
        self.viewer, self.host_chosen = viewer, host_chosen
        #: What the typed host named, once validated: the pole, or why none (with the few offered to pick from).
        self.host_found: Found | None = None
        self.invited.choices = pole_choices(viewer)

    def validate_host(self, field: SearchField) -> None:
        self.host_found = host_lookup.find_host(field.data, viewer=self.viewer, chosen=self.host_chosen)
        if self.host_found.error:
            raise ValidationError(self.host_found.error)

    def rule_problems(self) -> list[Problem]:
        """The creation rules (``visit_problems``) beside the date and the invitations, with the fields' errors."""
        data = self.valid_data()
        invited = [int(v) for v in data["invited"] or [] if str(v).isdigit()]
        host = self.host_found.id if self.host_found is not None and data["host"] is not None else None
        return visit_problems(host_id=host, start_date=data["start_date"], invited_ids=invited,
                              capacity=data["capacity"])


class InviteForm(FrenchForm):
    invited = PoleCheckboxField("Inviter d'autres pôles")

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

    def as_host(self) -> FeedbackForm:
        """The host pole asked in its own terms (walk 19: it read the visitors' « ce que vous avez appris »); its
        answer is stored as a visitor's (``VisitFeedback.is_host`` tells them apart)."""
        self.text.label.text = HOST_TEXT_LABEL
        return self


#: The host's feedback: what receiving the visit brought to its pole (``app.visits.feedback.HOST_FEEDBACK_EDIT``).
HOST_TEXT_LABEL = "Ce que l'accueil de la visite a apporté à votre pôle"


MONTH_HINT = "Un mois et son année, par exemple «\u00a0mars 2027\u00a0»."


class MonthText:
    """A month typed as « mars 2027 », « 03/2027 » or « 2027-03 » (``app.months.parse_month``); empty passes."""

    def __call__(self, form: object, field: Any) -> None:
        if field.data and parse_month(field.data) is None:
            raise ValidationError("Écrivez un mois et son année, par exemple «\u00a0mars 2027\u00a0».")


class HostProposalForm(OnceForm, FrenchForm):
    """A pole proposes to host a learning visit (``hosting.propose_hosting``)."""

    themes = MultiCheckboxField(f"Thèmes de la visite ({hosting.MAX_THEMES} au plus)")
    what_to_see = TextAreaField("Ce que les pôles visiteurs verraient et apprendraient", validators=[
        InputRequired("Décrivez ce que les pôles visiteurs verraient et apprendraient."),
        TextLength(hosting.WHAT_TO_SEE_MAX, least=hosting.WHAT_TO_SEE_MIN,
                   too_short=f"Décrivez-le en {hosting.WHAT_TO_SEE_MIN} caractères au moins.")])
    periods = StringField("Périodes possibles", validators=[Optional(), TextLength(hosting.PERIODS_MAX)])
    first_month = StringField("Premier mois possible (facultatif)", validators=[Optional(), MonthText()])
    last_month = StringField("Dernier mois possible (facultatif)", validators=[Optional(), MonthText()])
    visitors = WholeNumberField("Nombre de personnes que le pôle peut accueillir", validators=[
        InputRequired("Indiquez combien de personnes le pôle peut accueillir."),
        NumberRange(min=1, max=hosting.MAX_VISITORS,
                    message=f"Indiquez un nombre de personnes entre 1 et {hosting.MAX_VISITORS}.")])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.themes.choices = theme_choices()

    def proposal_data(self) -> hosting.HostProposalData:
        """What the pole typed, for the service (call once the fields' own checks passed)."""
        return self._data(self.data)

    @staticmethod
    def _data(data: dict[str, Any]) -> hosting.HostProposalData:
        return hosting.HostProposalData(
            theme_codes=list(data["themes"] or []), what_to_see=data["what_to_see"] or "",
            periods=data["periods"] or "", first_month=parse_month(data["first_month"] or ""),
            last_month=parse_month(data["last_month"] or ""), visitors=data["visitors"])

    def rule_problems(self) -> list[Problem]:
        """The service's rules (months in order and to come, a period said…) beside their fields, with the rest;
        a field that failed its own check is left to say it."""
        data = self.valid_data()
        failed = {name for name, value in data.items() if value is None and self[name].errors}
        return [p for p in hosting.proposal_problems(self._data(data)) if p.field not in failed]


class DeclineProposalForm(FrenchForm):
    message = TextAreaField("Votre message au pôle", validators=[
        InputRequired("Écrivez au pôle pourquoi la visite ne se fera pas, ou pas maintenant."),
        TextLength(hosting.MESSAGE_MAX)])


class PoleAttendanceForm(FrenchForm):
    """One registered pole on a visit's attendance sheet: present or not, and how many of its people came."""

    class Meta(FrenchForm.Meta):
        csrf = False

    registration = HiddenField()
    came = BooleanField("Présent")
    people = WholeNumberField("Personnes venues", validators=[
        Optional(), NumberRange(min=1, max=attendance.MAX_PEOPLE, message=attendance.PEOPLE_MESSAGE)])


class VisitAttendanceForm(StampedForm, FrenchForm):
    """The presences of a learning visit (``attendance.record_attendance``): one row per registered pole, in the
    order of ``attendance.registered``."""

    poles = FieldList(FormField(PoleAttendanceForm, label="Pôle inscrit"), label="Pôles inscrits")

    def marks(self) -> list[attendance.PoleMark | None]:
        """Each row as the service reads it; None for a row whose fields refused what was typed."""
        marks: list[attendance.PoleMark | None] = []
        for entry in self.poles:
            row = entry.form
            registration = (row.registration.data or "").strip()
            if row.people.errors or not registration.isdigit():
                marks.append(None)
                continue
            marks.append(attendance.PoleMark(registration_id=int(registration), came=bool(row.came.data),
                                             people=row.people.data))
        return marks

    def rule_problems(self) -> list[Problem]:
        return attendance.attendance_problems(self.marks())
