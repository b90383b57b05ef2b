"""Number fields that read French input: a decimal comma (« 0,7 »), spaces between thousands (« 1 000 »), and a
French message for anything that is not a real number (« NaN », « inf », « 0,7,1 ») or not a whole one (« 12,5 »).

Every number is typed in a text box, never an ``<input type="number">``: Chromium in French reads such a box by
its locale and sends what it made of it, without a word (« 0,7 » typed over « 0.50 » became « 07 », « 12,5 » in a
whole-number box became 125). A text box sends what was typed; the server reads it or says why not."""

from __future__ import annotations

import decimal
import math
import re
from typing import Any

from wtforms import DecimalField, Field, FloatField, IntegerField, widgets
from wtforms.validators import StopValidation

from app.text_rules import has_control_characters

NOT_A_NUMBER = "Indiquez un nombre (par exemple 0,5)."


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


class NumericTextInput(widgets.TextInput):
    """A text box for a whole number (``inputmode="numeric"``: phones show digits).

    Not ``<input type="number">``: Chromium in French sent « 12,5 » typed in such a box as 125, with no
    error; in a text box « 12,5 » reaches the server, which says it is not a whole number.
    """

    def __call__(self, field: Field, **kwargs: Any) -> Any:
        kwargs.setdefault("inputmode", "numeric")
        return super().__call__(field, **kwargs)


class WholeNumberField(IntegerField):
    """A whole number typed in a text box; « 1 000 » (spaces between thousands) is read as 1000.

    What is not a whole number gets ``form_fields.WholeNumber``'s sentence (« « 12,5 » n'est pas un nombre
    entier. » and the range's message). The range (its ``NumberRange``) is said under the field
    (``form_fields.range_hint``), as the browser no longer knows it: ``say_range=False`` where the page
    already says it in the field's own hint, or where it says nothing worth saying (a year).
    """

    widget = NumericTextInput()

    def __init__(self, *args: Any, say_range: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.say_range = say_range

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata([_whole_number_text(v) if isinstance(v, str) else v for v in valuelist])


#: « 1 000 », « 12 500 000 »: spaces only between groups of three digits (« 12 5 » is a typo, not 125).
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+")


def _whole_number_text(typed: str) -> str:
    """« 1 000 » (a space, a no-break or a narrow no-break one between thousands) as « 1000 »; other texts
    stripped, as typed: « 12 5 » and « 12,5 » stay what they are, and are refused."""
    text = typed.strip()
    return text.translate(_NUMBER_SPACES) if _THOUSANDS.fullmatch(text) else text


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
