"""Form fields and choice lists shared by several areas."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import (
    EmailField, Field, FieldList, FormField, HiddenField, IntegerField, PasswordField, SearchField,
    SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField, widgets,
)
from wtforms.validators import (
    Email, InputRequired, Length, NumberRange, Optional, StopValidation, ValidationError,
)

from app.extensions import db
from app.ids import parse_id
from app.number_fields import WholeNumberField
from app.refused import Problem
from app.typography import alphabetical, count, number
from app.text_rules import (
    CONTROL_MESSAGE, EMPTY_MESSAGE, has_control_characters, has_real_content, length_message, one_line_break,
    tabs_as_space, without_direction_controls,
)
from models import Departement, Region, Theme

UNKNOWN_ID = "Ce numéro n'existe pas."
EMAIL_MESSAGE = "Saisissez une adresse e-mail valide (exemple : prenom.nom@exemple.fr)."


def strip_text(value: Any) -> Any:
    """Filter: text without its surrounding spaces (other values as they are)."""
    return value.strip() if isinstance(value, str) else value


def _one_line_break(value: Any) -> Any:
    """Filter: a text area's « \\r\\n » as one line break, as the browser counted it against ``maxlength``."""
    return one_line_break(value) if isinstance(value, str) else value


def _tabs_as_space(value: Any) -> Any:
    """Filter: in a one-line text, a run of tabs as one space (``text_rules.tabs_as_space``)."""
    return tabs_as_space(value) if isinstance(value, str) else value


def _without_direction_controls(value: Any) -> Any:
    """Filter: a text without the invisible marks forcing a direction of writing (``text_rules``)."""
    return without_direction_controls(value) if isinstance(value, str) else value


class NoControlCharacters:
    """Refuses control characters (NUL, escape…) in what was sent; tab and line breaks pass in text areas, and
    a tab in a one-line text (``tabs_read_as_space``), which its filter reads as a space."""

    def __init__(self, *, multiline: bool, tabs_read_as_space: bool = False) -> None:
        self.multiline = multiline
        self.tabs_read_as_space = tabs_read_as_space

    def __call__(self, form: object, field: Field) -> None:
        for raw in field.raw_data or []:
            if not isinstance(raw, str):
                continue
            if self.tabs_read_as_space:
                raw = tabs_as_space(raw)
            if has_control_characters(raw, multiline=self.multiline):
                raise StopValidation(CONTROL_MESSAGE)


class RealContent:
    """A required text holds at least one letter or digit once stripped (not ten spaces, not « ... »)."""

    def __call__(self, form: object, field: Field) -> None:
        if not field.raw_data or not field.raw_data[0]:
            return  # nothing sent: the field's own "required" message says so
        if not has_real_content(field.data):
            raise StopValidation(EMPTY_MESSAGE)


class WholeNumber:
    """A whole-number field given « 12,5 » or « douze »: what was typed, then what is asked (its range's message,
    after a full stop: the error summary already puts a colon before), instead of WTForms' « N'est pas un entier
    valide. » followed by the range's message."""

    def __call__(self, form: object, field: Field) -> None:
        if not field.process_errors:
            return
        typed = str((field.raw_data or [""])[0]).strip()
        if not typed:
            return  # nothing typed: the field's own « Optional » or « InputRequired » says what that means
        asked = next((v.message for v in field.validators if isinstance(v, NumberRange) and v.message), None)
        field.errors.clear()  # the process error WTForms put there, said again below in French
        raise StopValidation(f"« {typed} » n'est pas un nombre entier." + (f" {asked}" if asked else ""))


def _one_line_text(field: Field) -> bool:
    """A one-line text a person types (not a text area, a password, nor a hidden value)."""
    return isinstance(field, StringField) and not isinstance(field, TextAreaField | PasswordField | HiddenField)


def _guard_field(field: Field) -> Field:
    """Every field refuses control characters; every text and choice is stripped; a required text must say something.
    A one-line text reads its tabs as a space (pasted from a spreadsheet), and every text loses the marks forcing a
    direction of writing, before every check."""
    one_line = _one_line_text(field)
    guards: list[object] = [NoControlCharacters(multiline=isinstance(field, TextAreaField),
                                                tabs_read_as_space=one_line)]
    if isinstance(field, IntegerField) and not isinstance(field, IdField):
        guards.append(WholeNumber())
    if isinstance(field, SelectField):
        # A choice sent as spaces is no choice: ``Optional`` clears the « unknown choice » error of a blank value,
        # so unstripped, « "   " » would reach the view as a chosen value (``CharterVersion("   ")``: a 500).
        field.filters = (strip_text, *field.filters)
    if isinstance(field, StringField) and not isinstance(field, PasswordField):
        field.filters = (strip_text, *field.filters)
        if isinstance(field, TextAreaField):
            field.filters = (_one_line_break, *field.filters)
        if one_line:
            field.filters = (_tabs_as_space, *field.filters)
        field.filters = (_without_direction_controls, *field.filters)
        if field.flags.required and not isinstance(field, EmailField):
            guards.append(RealContent())
    field.validators = [*guards, *field.validators]
    return field


class FrenchForm(FlaskForm):
    """Base form of the site: WTForms' own messages in French (its bundled translations), and the edge rules.

    Every field of every form refuses control characters (tab and line breaks pass in text areas, a tab in a
    one-line text is read as a space); every text field is stripped, and a required one must hold letters or
    digits (``_guard_field``).
    """

    class Meta:
        locales = ["fr_FR", "fr"]

        def bind_field(self, form: object, unbound_field: Any, options: dict[str, Any]) -> Field:
            return _guard_field(unbound_field.bind(form=form, **options))

        def render_field(self, field: Field, render_kw: dict[str, Any]) -> Any:
            # A hidden input has no label to point at it: no id, so that a page with several forms (the CSRF
            # token of each, « csrf_token ») never holds the same id twice. A template can still give one.
            if isinstance(field, HiddenField):
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)

    def rule_problems(self) -> Sequence[Problem]:
        """What the services' rules say of the input, beyond each field's own checks (a département outside
        the chosen region, a slot in the past). Asked on every submit together with the fields' checks, so
        every error shows at once; a form whose service has such rules overrides it (``valid_data`` gives
        it the input that passed the fields' checks)."""
        return ()

    def validate(self, extra_validators: dict[str, Any] | None = None) -> bool:
        valid = super().validate(extra_validators)
        problems = self.rule_problems()
        self.show_problems(problems)
        return valid and not problems

    def show_problems(self, problems: Iterable[Problem]) -> None:
        """Each problem beside the field it names (the whole form's errors when it names none or an unknown
        one), unless that field already says what is wrong with it. Also for a service's refusal."""
        for problem in problems:
            field = self.field_at(problem.field) if problem.field else None
            if field is None:
                if problem.message not in self.form_errors:
                    self.form_errors.append(problem.message)
            elif not any(isinstance(error, str) for error in field.errors):
                field.errors = [*field.errors, problem.message]

    def field_at(self, path: str) -> Field | None:
        """The field a dotted path names: ``"headline"``, ``"slots.0.end"`` (an entry of a list of sub-forms)."""
        node: Any = self
        for part in path.split("."):
            if isinstance(node, FieldList):
                node = node.entries[int(part)] if part.isdigit() and int(part) < len(node.entries) else None
            else:
                node = (node.form if isinstance(node, FormField) else node)._fields.get(part)
            if node is None:
                return None
        return node

    def valid_data(self) -> dict[str, Any]:
        """Each field's data if it passed its own checks, else ``None``: what the service's rules may read."""
        return {name: None if field.errors else field.data for name, field in self._fields.items()}


def length_hint(field: Field) -> str | None:
    """« 5 000 caractères au plus. », « De 30 à 5 000 caractères. »: the limits of a text field, read from its
    ``Length`` validator (the ``maxlength`` it also gives the input), for the hint under the field. None for a
    search box: words looked up, not a text written, its limit is no news to the reader."""
    if not isinstance(field, StringField) or isinstance(field, PasswordField | EmailField | HiddenField | SearchField):
        return None
    most = getattr(field.flags, "maxlength", None)
    if not most:
        return None
    least = getattr(field.flags, "minlength", None) or 0
    if least > 1:
        return f"De {number(least)} à {count(most, 'caractère')}."
    return f"{count(most, 'caractère')} au plus."


def range_hint(field: Field) -> str | None:
    """« Un nombre entier de 1 à 5 000. »: the range of a whole-number field, read from its ``NumberRange``,
    for the hint under the field (its text box has no ``min``/``max`` for the browser to enforce)."""
    if not isinstance(field, WholeNumberField) or not field.say_range:
        return None
    rule = next((v for v in field.validators if isinstance(v, NumberRange)), None)
    if rule is None or (rule.min is None and rule.max is None):
        return None
    if rule.min is None:
        return f"Un nombre entier, {number(rule.max)} au plus."
    if rule.max is None:
        return f"Un nombre entier, {number(rule.min)} au moins."
    return f"Un nombre entier de {number(rule.min)} à {number(rule.max)}."


class TextLength(Length):
    """A text's length limits (and the ``maxlength`` its input gets), refused the way the services refuse
    them: « 5 000 caractères au plus (ce texte en compte 22 000). »; ``too_short`` says the least."""

    def __init__(self, most: int, least: int = -1, too_short: str | None = None) -> None:
        super().__init__(min=least, max=most)
        self.too_short = too_short or f"Au moins {count(least, 'caractère')}."

    def __call__(self, form: object, field: Field) -> None:
        length = len(field.data or "")
        if length > self.max:
            raise ValidationError(length_message(self.max, length))
        if length < self.min:
            raise ValidationError(self.too_short)


class Box(NamedTuple):
    """A box of a ``MultiCheckboxField``: its value, whether it is ticked, its input and label in HTML."""

    value: str
    checked: bool
    html: Markup


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; unknown submitted values are a validation error, not a crash."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def boxes(self) -> list[Box]:
        """The boxes as ``{{ option() }} {{ option.label }}`` writes them, without a WTForms field built and
        rendered per box (a national day's attendance sheet has 400: 50 ms a page). Attributes a box could take
        beyond its value, id and name (the field's ``render_kw``, ``required``, a choice's own) go through WTForms."""
        choices = list(self.iter_choices())
        if self.render_kw or self.flags.required or self.flags.disabled or any(c[3] for c in choices):
            return [Box(str(o.data), bool(o.checked), Markup(f"{o()} {o.label}")) for o in self]
        name = escape(self.name)
        boxes = []
        for i, (value, label, selected, _kw) in enumerate(choices):
            box_id, text = escape(f"{self.id}-{i}"), label or value
            boxes.append(Box(str(value), bool(selected), Markup(
                f'<input{" checked" if selected else ""} id="{box_id}" name="{name}" type="checkbox" '
                f'value="{escape(str(value))}"> <label for="{box_id}">{escape(text)}</label>')))
        return boxes

    def pre_validate(self, form: object) -> None:
        valid = {str(value) for value, *_ in self.iter_choices()} if self.choices else set()
        unknown = [value for value in (self.data or []) if str(value) not in valid]
        if unknown:
            raise ValidationError("Choix inconnu : " + ", ".join(str(v)[:40] for v in unknown[:3]))


class IdField(IntegerField):
    """An id (hidden or typed): a positive integer in the database's range, else a French error and ``None``.

    ``IdField(widget=HiddenInput())`` for hidden ids.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        self.data = parse_id(valuelist[0])
        if self.data is None:
            raise ValueError(UNKNOWN_ID)


def complete_web_address(value: str | None) -> str | None:
    """A web address typed without its scheme is completed, not refused: « coteaux.org » → « https://coteaux.org ».

    A WTForms filter: runs before the validators, which still refuse what is not an address.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.startswith("//"):
        return "https:" + text
    if "://" not in text:
        return "https://" + text
    scheme, rest = text.split("://", 1)
    return f"{scheme.lower()}://{rest}"


def email_field(label: str = "Adresse e-mail") -> EmailField:
    """An account's e-mail address: required, at most 254 characters (``users.email``), well formed."""
    return EmailField(label, validators=[
        InputRequired("L'adresse e-mail est obligatoire."),
        Length(max=254, message="L'adresse e-mail est trop longue."),
        Email(message=EMAIL_MESSAGE, check_deliverability=False),
    ])


def display_name_field(required_message: str) -> StringField:
    """An account's « Prénom et nom »: 2 to 120 characters (``users.display_name``)."""
    return StringField("Prénom et nom", validators=[
        InputRequired(required_message),
        TextLength(120, least=2, too_short="Le nom doit faire au moins 2 caractères."),
    ])


def as_choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def theme_choices() -> list[SelectChoice]:
    themes = db.session.scalars(select(Theme).order_by(Theme.family, Theme.label))
    return as_choices((t.code, t.label) for t in themes)


def regions_first(chosen: str | None) -> list[Region]:
    """Every region, the chosen one first, then the others in alphabetical order: how the département lists
    are grouped (the pole form's checkboxes, the profile's single choice); with none chosen, the region lists."""
    return sorted(db.session.scalars(select(Region)), key=lambda r: (r.code != chosen, alphabetical(r.name)))


def region_choices(blank: str | None = None) -> list[SelectChoice]:
    """Every region in alphabetical order (``regions_first`` with none chosen), ``blank`` first if given."""
    pairs = [(r.code, r.name) for r in regions_first(None)]
    return as_choices(([("", blank)] + pairs) if blank is not None else pairs)


def departement_choices() -> list[SelectChoice]:
    departements = db.session.scalars(select(Departement).order_by(Departement.code))
    return as_choices((d.code, f"{d.name} ({d.code})") for d in departements)


def grouped_departement_choices(chosen_region: str | None, blank: str) -> list[SelectChoice]:
    """A single choice of département: ``blank`` first, then one group (optgroup) per region, the chosen region
    first. Each option names its region (``data-region``): static/js/departements.js keeps only the chosen
    region's group in the list."""
    by_region: dict[str, list[Departement]] = {}
    for departement in db.session.scalars(select(Departement).order_by(Departement.code)):
        by_region.setdefault(departement.region_code, []).append(departement)
    choices = [SelectChoice("", blank)]
    for region in regions_first(chosen_region):
        choices += [SelectChoice(d.code, f"{d.name} ({d.code})", render_kw={"data-region": region.code},
                                 optgroup=region.name) for d in by_region.get(region.code, [])]
    return choices


def themes_by_codes(codes: list[str]) -> list[Theme]:
    if not codes:
        return []
    return list(db.session.scalars(select(Theme).where(Theme.code.in_(codes)).order_by(Theme.code)))


#: Longest search of a directory, in characters (a longer one is refused with its length, not ignored).
SEARCH_MAX = 100


class DirectorySearchForm(FrenchForm):
    """GET filters of a directory (poles, resource persons): words, region, theme. No CSRF: read-only."""

    class Meta(FrenchForm.Meta):
        csrf = False

    q = StringField("Rechercher", validators=[Optional(), TextLength(SEARCH_MAX)])
    region = SelectField("Région", validators=[Optional()])
    theme = SelectField("Thème", validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.region.choices = region_choices(blank="Toutes")
        self.theme.choices = as_choices([("", "Tous")]) + theme_choices()
