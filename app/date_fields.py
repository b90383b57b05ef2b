"""A date typed as a French reader writes it (« 16/03/2027 »), in a text box the server reads.

Not ``<input type="date">``: Chromium sends an empty value for a date that does not exist (« 31/02/2027 »
typed in its boxes), so the person who typed a date was told « Indiquez la date » and found the box emptied
(walk of 6 December 2026). In a text box what was typed reaches the server, which says what is wrong with it
(« Le 31 février 2027 n'existe pas ») and shows it back. The ISO form (« 2027-03-16 ») is read too."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from wtforms import DateField, widgets

from app.templating import FRENCH_MONTHS
from app.typography import NBSP

#: The hint under a typed date's box: the order of its parts and an example.
DATE_HINT = "Jour, mois et année, par exemple 16/03/2027."

_HOW = "Écrivez la date en chiffres, jour, mois et année : par exemple 16/03/2027."
_SEPARATOR = r"\s*[/.\-\s]\s*"
_FRENCH = re.compile(rf"(\d{{1,2}}){_SEPARATOR}(\d{{1,2}}){_SEPARATOR}(\d{{2}}|\d{{4}})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: Longer than any date: not read at all (a pasted text), said in the same words.
_LONGEST = 40


def read_typed_date(typed: str) -> date:
    """« 16/03/2027 », « 16.3.2027 », « 16 03 2027 » or « 2027-03-16 » as a date; a ``ValueError`` saying in
    French what is wrong otherwise (a day the month does not have, a month past 12, a year cut short)."""
    text = typed.strip()
    if len(text) > _LONGEST:
        raise ValueError(_HOW)
    if found := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
    elif found := _FRENCH.fullmatch(text):
        day, month, year = (int(part) for part in found.groups())
        if len(found.group(3)) == 2:
            raise ValueError(f"Écrivez l'année en entier (20{found.group(3)}) : par exemple 16/03/2027.")
    else:
        raise ValueError(_HOW)
    if not 1 <= month <= 12:
        raise ValueError(f"Il n'y a pas de mois {month} : écrivez le jour, puis le mois, par exemple 16/03/2027.")
    if not 1 <= year <= 9999:
        raise ValueError(_HOW)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        said = "1er" if day == 1 else str(day)
        raise ValueError(f"Le {said}{NBSP}{FRENCH_MONTHS[month - 1]} {year} n'existe pas : vérifiez le jour et le mois.")
    return date(year, month, day)


class TypedDateField(DateField):
    """A date in a text box (``inputmode="numeric"``), read by ``read_typed_date``; an empty box gives None
    (the field's ``InputRequired`` then says it is missing). Shown back as typed, or as « 16/03/2027 »."""

    widget = widgets.TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        render_kw = {"inputmode": "numeric", "autocomplete": "off", **(kwargs.pop("render_kw", None) or {})}
        kwargs.setdefault("description", DATE_HINT)  # the hint the page shows under the box
        super().__init__(*args, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        typed = valuelist[0] if valuelist else None
        if not isinstance(typed, str) or not typed.strip():
            return
        self.data = read_typed_date(typed)  # its ValueError is the field's error, in French

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return self.data.strftime("%d/%m/%Y") if isinstance(self.data, date) else ""
