"""Form fields and choice lists shared by several areas."""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    DecimalField, EmailField, Field, FloatField, IntegerField, PasswordField, SelectChoice, SelectField,
    SelectMultipleField,
    StringField, TextAreaField, widgets,
)
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation, ValidationError

from app.extensions import db
from app.ids import parse_id
from app.text_rules import CONTROL_MESSAGE, EMPTY_MESSAGE, has_control_characters, has_real_content
from models import Departement, Region, Theme

UNKNOWN_ID = "Ce numéro n'existe pas."
NOT_A_NUMBER = "Indiquez un nombre (par exemple 0,5)."
EMAIL_MESSAGE = "Saisissez une adresse e-mail valide (exemple : prenom.nom@exemple.fr)."


def strip_text(value: Any) -> Any:
    """Filter: text without its surrounding spaces (other values as they are)."""
    return value.strip() if isinstance(value, str) else value


class NoControlCharacters:
    """Refuses control characters (NUL, escape…) in what was sent; tab and line breaks pass in text areas."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, form: object, field: Field) -> None:
        if any(isinstance(raw, str) and has_control_characters(raw, multiline=self.multiline)
               for raw in field.raw_data or []):
            raise StopValidation(CONTROL_MESSAGE)


class RealContent:
    """A required text holds at least one letter or digit once stripped (not ten spaces, not « ... »)."""

    def __call__(self, form: object, field: Field) -> None:
        if not field.raw_data or not field.raw_data[0]:
            return  # nothing sent: the field's own "required" message says so
        if not has_real_content(field.data):
            raise StopValidation(EMPTY_MESSAGE)


def _guard_field(field: Field) -> Field:
    """Every field refuses control characters; every text is stripped; a required text must say something."""
    guards: list[object] = [NoControlCharacters(multiline=isinstance(field, TextAreaField))]
    if isinstance(field, StringField) and not isinstance(field, PasswordField):
        field.filters = (strip_text, *field.filters)
        if field.flags.required and not isinstance(field, EmailField):
            guards.append(RealContent())
    field.validators = [*guards, *field.validators]
    return field


class FrenchForm(FlaskForm):
    """Base form of the site: WTForms' own messages in French (its bundled translations), and the edge rules.

    Every field of every form refuses control characters (tab and line breaks pass in text areas); every
    text field is stripped, and a required one must hold letters or digits (``_guard_field``).
    """

    class Meta:
        locales = ["fr_FR", "fr"]

        def bind_field(self, form: object, unbound_field: Any, options: dict[str, Any]) -> Field:
            return _guard_field(unbound_field.bind(form=form, **options))


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; unknown submitted values are a validation error, not a crash."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

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


#: Spaces a French number may hold between its thousands (typed or shown by ``typography.number``).
_NUMBER_SPACES = str.maketrans("", "", " \u00a0\u202f")


def _french_number(valuelist: list[Any]) -> list[Any]:
    """« 0,5 » and « 0.5 » read as 0.5, « 1 000,5 » as 1000.5."""
    return [v.strip().translate(_NUMBER_SPACES).replace(",", ".") if isinstance(v, str) else v for v in valuelist]


class DecimalTextInput(widgets.TextInput):
    """A text box for a decimal number (``inputmode="decimal"``: phones show digits and a comma).

    Not ``<input type="number">``: Chromium in French reads such a box by its locale, and « 0,7 »
    typed over « 0.50 » became « 07 ». The server reads a comma or a dot (``_french_number``).
    """

    def __call__(self, field: Field, **kwargs: Any) -> Any:
        kwargs.setdefault("inputmode", "decimal")
        return super().__call__(field, **kwargs)


def french_decimal(value: Any) -> str:
    """A decimal as a French form shows it, exact and with a comma: 0.5 → « 0,5 », Decimal("0.70") → « 0,7 »."""
    exact = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    return format(exact.normalize(), "f").replace(".", ",")


class _FiniteNumber(Field):
    """A number field (mixed in before DecimalField or FloatField) that refuses what is not a real number.

    A decimal comma is accepted; anything unreadable or not finite gets the French ``NOT_A_NUMBER``.
    """

    def _is_finite(self, value: Any) -> bool:
        raise NotImplementedError

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(_french_number(valuelist))
        except ValueError:
            self.data = None
            raise ValueError(NOT_A_NUMBER) from None
        if self.data is not None and not self._is_finite(self.data):
            self.data = None
            raise ValueError(NOT_A_NUMBER)

    def pre_validate(self, form: object) -> None:
        """What is not a number says only that: no « between 0 and 20 » about a value that was not read.

        (Control characters still get their own message: the guard that says it runs first in the chain.)
        """
        typed_controls = any(isinstance(raw, str) and has_control_characters(raw, multiline=False)
                             for raw in self.raw_data or [])
        if self.process_errors and not typed_controls:
            raise StopValidation()
        super().pre_validate(form)


class FiniteDecimalField(_FiniteNumber, DecimalField):
    """A decimal that is a real number: « NaN », « sNaN », « inf » are refused with a French message.

    (``Decimal("sNaN")`` makes every comparison raise, a 500 in ``NumberRange``.) Shown in a text box
    with a decimal comma (« 0,5 »); « 0,7 » and « 0.7 » are both read as 0.7.
    """

    widget = DecimalTextInput()

    def _is_finite(self, value: Any) -> bool:
        return not isinstance(value, decimal.Decimal) or value.is_finite()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]  # what was typed, shown back as it was beside its error
        if self.data is None or not self._is_finite(self.data):
            return ""
        return french_decimal(self.data)


class FiniteFloatField(_FiniteNumber, FloatField):
    """A float that is a real number: « nan », « inf », « 1e309 » are refused with a French message."""

    def _is_finite(self, value: Any) -> bool:
        return not isinstance(value, float) or math.isfinite(value)


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
        Length(min=2, max=120, message="Le nom doit faire entre 2 et 120 caractères."),
    ])


def as_choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def theme_choices() -> list[SelectChoice]:
    themes = db.session.scalars(select(Theme).order_by(Theme.family, Theme.label))
    return as_choices((t.code, t.label) for t in themes)


def region_choices(blank: str | None = None) -> list[SelectChoice]:
    pairs = [(r.code, r.name) for r in db.session.scalars(select(Region).order_by(Region.name))]
    return as_choices(([("", blank)] + pairs) if blank is not None else pairs)


def departement_choices() -> list[SelectChoice]:
    departements = db.session.scalars(select(Departement).order_by(Departement.code))
    return as_choices((d.code, f"{d.name} ({d.code})") for d in departements)


def themes_by_codes(codes: list[str]) -> list[Theme]:
    if not codes:
        return []
    return list(db.session.scalars(select(Theme).where(Theme.code.in_(codes)).order_by(Theme.code)))


class DirectorySearchForm(FrenchForm):
    """GET filters of a directory (poles, resource persons): words, region, theme. No CSRF: read-only."""

    class Meta(FrenchForm.Meta):
        csrf = False

    q = StringField("Rechercher", validators=[Optional(), Length(max=100)])
    region = SelectField("Région", validators=[Optional()])
    theme = SelectField("Thème", validators=[Optional()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.region.choices = region_choices(blank="Toutes")
        self.theme.choices = as_choices([("", "Tous")]) + theme_choices()
