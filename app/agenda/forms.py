"""Forms of the agenda: publishing a collective session, its filters, attendance, feedback."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import TypeVar

from wtforms import (
    BooleanField, DateField, FieldList, FormField, HiddenField, RadioField, SelectField, StringField, TextAreaField,
    TimeField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import URL, InputRequired, NumberRange, Optional, ValidationError

from app.agenda import edits, rules, services, slot_times
from app.agenda.edits import SessionChanges
from app.agenda.services import SessionDraft, SlotTimes
from app.edit_stamps import StampedForm
from app.extensions import db
from app.idempotency import OnceForm
from app.months import parse_month, shift_month
from app.form_fields import (
    FrenchForm, MultiCheckboxField, TextLength, as_choices, departement_choices, region_choices, theme_choices,
)
from app.number_fields import WholeNumberField
from app.pole_choices import PoleCheckboxField, pole_choices
from app.refused import Problem
from app.scheduling.wall_clock import to_utc_naive
from app.templating import local_datetime, today_where_read
from charts import month_label
from models import Audience, CollectiveKind, CollectiveSession, Maturity, Region, utcnow

E = TypeVar("E", bound=Enum)


def _enum_choices(enum: type | Sequence[Enum], blank: str | None = None) -> list:
    pairs = [(member.value, member.label) for member in enum]
    return as_choices(([("", blank)] if blank is not None else []) + pairs)


class SlotForm(FrenchForm):
    class Meta(FrenchForm.Meta):
        csrf = False

    day = DateField("Date", validators=[Optional()])
    start = TimeField("Début", validators=[Optional()])
    end = TimeField("Fin", validators=[Optional()])

    def rule_problems(self) -> list[Problem]:
        # Here rather than in ``validate_end``: an empty end stops its validators at ``Optional``, so a slot
        # with a date and no hours was dropped in silence and the session published without it.
        typed_day = bool(self.day.raw_data and self.day.raw_data[0])
        if not typed_day and (self.start.data or self.end.data):
            return [Problem("Indiquez la date du créneau.", "day")]
        if self.day.data and not (self.start.data and self.end.data) and not (self.start.errors or self.end.errors):
            return [Problem("Indiquez l'heure de début et l'heure de fin du créneau.", "end")]
        return []

    def validate_end(self, field: TimeField) -> None:
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("La fin doit suivre le début.")

    def times(self) -> tuple[date, time, time] | None:
        """The slot's date, start and end if all three were read, else ``None``."""
        if self.day.data and self.start.data and self.end.data and not self.day.errors:
            return self.day.data, self.start.data, self.end.data
        return None


#: The « Région » choice of a national session (the national team's forms only).
NO_REGION = "Aucune : session nationale"


class SessionForm(OnceForm, FrenchForm):
    # A kind the form does not offer (a learning visit) is refused by the publishing rules, which say where it
    # goes (``services.PUBLISHABLE_KINDS``); ``validate_kind`` refuses what is no kind at all.
    kind = SelectField("Type de session", choices=_enum_choices(services.PUBLISHABLE_KINDS), validate_choice=False,
                       validators=[InputRequired("Choisissez le type de session.")])
    #: The national team's only (a CRA's sessions are its region's): the form drops it for a CRA.
    region = SelectField("Région", validators=[Optional()])
    title = StringField("Titre", validators=[InputRequired("Donnez un titre à la session."),
                                              TextLength(rules.TITLE_MAX, least=5)])
    description = TextAreaField("Présentation", validators=[Optional(), TextLength(rules.DESCRIPTION_MAX)])
    themes = MultiCheckboxField("Thèmes")
    speakers = StringField("Intervenant·es", description="Par exemple : France Active, CGScop.",
                           validators=[Optional(), TextLength(rules.SPEAKERS_MAX)])
    online = RadioField("Format", choices=as_choices([("1", "En ligne"), ("0", "En présentiel")]), default="1",
                        validators=[InputRequired("Choisissez le format.")])
    video_url = StringField("Lien de connexion (montré aux inscrit·es quelques heures avant)",
                            validators=[Optional(), URL(message="Indiquez une adresse web complète (https://…)."),
                                        TextLength(500)])
    place = StringField("Lieu", validators=[Optional(), TextLength(rules.PLACE_MAX)])
    departement = SelectField("Département", validators=[Optional()])
    timezone_region = SelectField("Fuseau des horaires (région)", validators=[InputRequired("Choisissez le fuseau.")])
    slots = FieldList(FormField(SlotForm, label="Créneau"), min_entries=3, max_entries=3, label="Créneaux")
    capacity = WholeNumberField("Nombre de places", default=50, validators=[
        InputRequired("Indiquez le nombre de places."),
        NumberRange(min=rules.CAPACITY_MIN, max=rules.CAPACITY_MAX, message=rules.CAPACITY_MESSAGE)])
    deadline = DateField("Date limite d'inscription (facultative)", validators=[Optional()])
    audience = SelectField("Public", choices=_enum_choices(Audience), default=Audience.ALL.value)
    audience_region = SelectField("Région des pôles invités", validators=[Optional()])
    audience_maturity = SelectField("Maturité des pôles invités", choices=_enum_choices(Maturity, "—"),
                                    validators=[Optional()])
    invited = PoleCheckboxField("Pôles invités")

    def __init__(self, *args: object, viewer: object = None, region_code: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.themes.choices = theme_choices()
        self.departement.choices = as_choices([("", "—")]) + departement_choices()
        self.timezone_region.choices = region_choices()
        self.audience_region.choices = region_choices("—")
        self.invited.choices = pole_choices(viewer)
        self.region.choices = region_choices(NO_REGION)
        if region_code:
            del self.region  # a CRA publishes for its own region (``audience.session_region``)
            # the national day is the national team's (``services.NATIONAL_DAY_IS_NATIONAL``)
            self.kind.choices = [c for c in self.kind.choices if c.value != CollectiveKind.NATIONAL_DAY.value]
        if region_code and not self.timezone_region.data:
            self.timezone_region.data = region_code
        elif not self.timezone_region.data:
            self.timezone_region.data = "11"  # Île-de-France: Europe/Paris
        if region_code and not self.is_submitted():
            # A regional cell (CRA) publishes for the poles of its region (the service refuses another region):
            # the new form starts there rather than at « Tous les pôles ».
            self.audience.data, self.audience_region.data = Audience.REGION.value, region_code

    def validate_kind(self, field: SelectField) -> None:
        if _member(CollectiveKind, field.data) is None:
            raise ValidationError("Choisissez le type de session dans la liste.")

    def validate_slots(self, field: FieldList) -> None:
        if not any(entry.form.day.data for entry in field.entries):
            raise ValidationError("Indiquez au moins un créneau (date, début, fin).")

    def rule_problems(self) -> list[Problem]:
        """The publishing rules (``services.draft_problems``) on what the fields read, beside the fields."""
        return self.problems_of(services.draft_problems(self.draft(), self.viewer))

    def problems_of(self, problems: Sequence[Problem]) -> list[Problem]:
        """The service's problems named by this form's fields: ``registration_deadline`` is ``deadline``, the
        i-th slot of the draft (``slots.<i>.starts_at``) the date of the slot entry it was read from."""
        entries = [index for index, entry in enumerate(self.slots.entries) if entry.form.times()]
        named = []
        for problem in problems:
            name = _FIELD_OF.get(problem.field or "", problem.field)
            if problem.field and problem.field.startswith("slots."):
                _, index, part = problem.field.split(".")
                name = f"slots.{entries[int(index)]}.{_SLOT_PART[part]}"
            named.append(Problem(problem.message, name))
        return named

    def draft(self) -> SessionDraft:
        """The session the fields describe; a field in error reads as empty (its own message says why), so the
        publishing rules can still look at the others, and never with input the field refused (a NUL byte
        would reach the database in a lookup)."""
        data = self.valid_data()
        region = db.session.get(Region, data["timezone_region"]) if data["timezone_region"] else None
        zone = region.timezone if region is not None else "Europe/Paris"
        read = [times for times in (entry.form.times() for entry in self.slots.entries) if times]
        slots = [SlotTimes(to_utc_naive(day, start, zone), to_utc_naive(day, end, zone)) for day, start, end in read]
        deadline = to_utc_naive(data["deadline"], time(23, 59), zone) if data["deadline"] else None
        return SessionDraft(
            kind=_member(CollectiveKind, data["kind"]) or CollectiveKind.WEBINAR, title=data["title"] or "",
            description=data["description"] or "", theme_codes=data["themes"] or [],
            speakers=data["speakers"] or "", online=data["online"] == "1",
            video_url=data["video_url"] or None, place=data["place"] or "",
            departement_code=data["departement"] or None, slots=slots, timezone=zone,
            capacity=data["capacity"] or 0, registration_deadline=deadline,
            audience=_member(Audience, data["audience"]) or Audience.ALL,
            audience_region_code=data["audience_region"] or None,
            audience_maturity=_member(Maturity, data["audience_maturity"]),
            invited_pole_ids=[int(v) for v in data["invited"] or [] if str(v).isdigit()],
            region_code=data.get("region") or None,
        )


#: The draft's fields (``SessionDraft``) named as this form names them.
_FIELD_OF = {"registration_deadline": "deadline", "audience_region_code": "audience_region",
             "invited_pole_ids": "invited", "region_code": "region"}
#: The parts of a draft's slot, as the slot entry names them (a past slot: its date).
_SLOT_PART = {"starts_at": "day", "ends_at": "end"}


def _member(enum: type[E], value: object) -> E | None:
    """The member of ``enum`` whose value is ``value``, or ``None`` (a value the field refused)."""
    try:
        return enum(value)
    except ValueError:
        return None


class AgendaFilterForm(FrenchForm):
    """The calendar's filters (GET, no CSRF)."""

    class Meta(FrenchForm.Meta):
        csrf = False

    # The kinds one publishes: learning visits have their own section below the sessions, not a session type.
    type = SelectField("Type", choices=_enum_choices(services.PUBLISHABLE_KINDS, "Tous les types"),
                       validators=[Optional()])
    theme = SelectField("Thème", validators=[Optional()])
    region = SelectField("Région", validators=[Optional()])
    mois = StringField("Mois", validators=[Optional()])
    pour_mon_pole = BooleanField("Seulement les sessions ouvertes à mon pôle")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.theme.choices = as_choices([("", "Tous les thèmes")]) + theme_choices()
        self.region.choices = region_choices("Toutes les régions")
        self.example = shift_month(today_where_read(), 3)  # the reader's month, not the server's UTC day's
        self.mois.render_kw = {"placeholder": month_label(f"{self.example:%Y-%m}")}

    def validate_mois(self, field: StringField) -> None:
        # The example is a month to come (three months ahead), never one gone by.
        if field.data and self.month() is None:
            raise ValidationError(f"Indiquez un mois, par exemple {self.mois.render_kw['placeholder']} ou "
                                  f"{self.example:%Y-%m}.")

    def month(self) -> date | None:
        """The first day of the month typed, in words or figures (``app.months.parse_month``)."""
        return parse_month(self.mois.data)


class AttendanceForm(FrenchForm):
    present = MultiCheckboxField("Présent·es")
    #: The boxes ticked when the page was drawn (ids separated by spaces): a save records only what it changed.
    shown_present = HiddenField()
    #: How many saves the sheet counted when drawn: a save says when another person's came in between.
    drawn_version = HiddenField()
    removed_walk_ins = MultiCheckboxField(
        "Pôles venus sans inscription déjà notés : cochez ceux notés par erreur pour les retirer")
    walk_ins = MultiCheckboxField("Pôles venus sans inscription")


class FeedbackForm(FrenchForm):
    usefulness = RadioField("Utilité de la session pour votre pôle", choices=as_choices(
        [("5", "5 — très utile"), ("4", "4 — utile"), ("3", "3 — moyennement utile"), ("2", "2 — peu utile"),
         ("1", "1 — pas utile")]), validators=[InputRequired("Choisissez une note de 1 à 5.")])
    will_reuse = TextAreaField("Ce que vous allez réutiliser", validators=[
        Optional(), TextLength(rules.FEEDBACK_MAX)])


class MaterialsForm(StampedForm, FrenchForm):
    materials_url = StringField("Lien du replay ou des supports", validators=[
        Optional(), URL(message="Indiquez une adresse web complète (https://…)."),
        TextLength(500)])


def _message_field() -> UnboundField:
    """« Message aux inscrit·es »: the organisers' optional word, carried by the mails of a change."""
    return TextAreaField("Message aux inscrit·es (facultatif)", validators=[
        Optional(), TextLength(rules.MESSAGE_MAX)])


class CancelForm(FrenchForm):
    """Cancelling a session, with the organisers' optional word to the people signed up."""

    message = _message_field()


class SlotCancelForm(FrenchForm):
    """Cancelling one slot: the reason is required, it is all the people signed up learn of it."""

    reason = TextAreaField("Motif de l'annulation", validators=[
        InputRequired("Indiquez le motif de l'annulation."),
        TextLength(rules.MESSAGE_MAX)])


class RegistrationCancelForm(FrenchForm):
    """The organisers cancel one person's registration: the reason is optional (told to the person when given)."""

    #: « Motif »: how the error summary names it (the page's label says it is optional and who reads it).
    reason = TextAreaField("Motif", validators=[TextLength(rules.MESSAGE_MAX)])


class SlotTimeForm(StampedForm, FrenchForm):
    """A slot's new date and times, read in the session's zone (the one its slots were planned in)."""

    day = DateField("Date", validators=[InputRequired("Indiquez la date du créneau.")])
    start = TimeField("Début", validators=[InputRequired("Indiquez l'heure de début.")])
    end = TimeField("Fin", validators=[InputRequired("Indiquez l'heure de fin.")])
    message = _message_field()

    def __init__(self, *args: object, zone: str = "Europe/Paris", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def validate_end(self, field: TimeField) -> None:
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("La fin doit suivre le début.")

    def rule_problems(self) -> list[Problem]:
        """A time already past, said together with an end before the start (it came only at the next send)."""
        data = self.valid_data()
        if not (data["day"] and data["start"]):
            return []
        # No end given: its own check (``validate_end``) already says an end before the start.
        return slot_times.time_problems(to_utc_naive(data["day"], data["start"], self.zone), None, utcnow())

    def fill_from(self, starts_at: datetime, ends_at: datetime, zone: str) -> None:
        start, end = local_datetime(starts_at, zone), local_datetime(ends_at, zone)
        self.day.data, self.start.data, self.end.data = start.date(), start.time(), end.time()

    def times(self, zone: str) -> tuple[datetime, datetime]:
        """The new start and end, UTC naive."""
        return (to_utc_naive(self.day.data, self.start.data, zone), to_utc_naive(self.day.data, self.end.data, zone))


class SessionEditForm(StampedForm, FrenchForm):
    """« Modifier la session »: the publishing form's fields that still make sense once people signed up (the
    same fields, so the same labels and limits), read in the session's own zone."""

    title = SessionForm.title
    description = SessionForm.description
    speakers = SessionForm.speakers
    themes = SessionForm.themes
    online = SessionForm.online
    video_url = SessionForm.video_url
    place = SessionForm.place
    departement = SessionForm.departement
    capacity = SessionForm.capacity
    deadline = SessionForm.deadline
    region = SessionForm.region
    message = _message_field()

    def __init__(self, *args: object, session: CollectiveSession, national: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        self.themes.choices = theme_choices()
        self.departement.choices = as_choices([("", "—")]) + departement_choices()
        self.region.choices = region_choices(NO_REGION)
        if not national:
            del self.region  # a CRA's session stays its region's (``audience.session_region``)

    def rule_problems(self) -> list[Problem]:
        """The edit's rules (``edits.edit_problems``) on what the fields read, beside the fields: a number of places
        out of range no longer hides a deadline after the first slot until it is corrected."""
        message = None if self.message.errors else self.message.data
        return self.problems_of(edits.edit_problems(self.session, self.changes(self.session), (message or "").strip()))

    def fill_from(self, session: CollectiveSession) -> None:
        """The session as stored (a GET)."""
        deadline = session.registration_deadline
        self.process(data={
            "title": session.title, "description": session.description, "speakers": session.speakers,
            "themes": [theme.code for theme in session.themes], "online": "1" if session.online else "0",
            "video_url": session.video_url, "place": session.place, "departement": session.departement_code or "",
            "capacity": session.capacity, "region": session.region_code or "",
            "deadline": local_datetime(deadline, session.timezone).date() if deadline else None})

    def problems_of(self, problems: Sequence[Problem]) -> list[Problem]:
        """The service's problems named by this form's fields (``registration_deadline`` is ``deadline``)."""
        return [Problem(problem.message, _FIELD_OF.get(problem.field or "", problem.field)) for problem in problems]

    def changes(self, session: CollectiveSession) -> SessionChanges:
        """What the fields say. The deadline is a day: the end of that day in the session's zone, or the stored
        deadline itself when its day is unchanged (one set at another hour stays as it was)."""
        data = self.valid_data()
        deadline = None
        if data["deadline"]:
            stored = session.registration_deadline
            same_day = stored is not None and local_datetime(stored, session.timezone).date() == data["deadline"]
            deadline = stored if same_day else to_utc_naive(data["deadline"], time(23, 59), session.timezone)
        return SessionChanges(
            title=data["title"] or "", description=data["description"] or "", speakers=data["speakers"] or "",
            theme_codes=data["themes"] or [], online=data["online"] == "1", video_url=data["video_url"] or None,
            place=data["place"] or "", departement_code=data["departement"] or None,
            capacity=data["capacity"] or 0, registration_deadline=deadline,
            region_code=data.get("region") or None, sets_region="region" in self._fields)
