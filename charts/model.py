"""What a chart says: categories, series of numbers, and the table/CSV view of them."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date

from wording import count, plural

FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)
FRENCH_MONTHS_SHORT = (
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
    "sept.", "oct.", "nov.", "déc.",
)

Cell = str | int | float | None

#: A month category key, « 2026-03 » (:func:`month_keys`).
MONTH_KEY = re.compile(r"\d{4}-\d{2}")


class ChartKind(str, enum.Enum):
    """How a chart is drawn."""

    #: Horizontal bars, one group per category (several series side by side).
    BAR = "bar"
    #: Vertical columns over ordered categories (months), series stacked.
    STACKED = "stacked"
    #: Lines over ordered categories (months), one per series, distinct point shapes.
    LINE = "line"


@dataclass(frozen=True)
class Series:
    """One named sequence of values, aligned with the chart's categories."""

    name: str
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", tuple(self.values))

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass(frozen=True)
class Chart:
    """A chart and its numbers.

    ``categories`` are the keys of the data (``"2026-03"``, a theme code or
    label...); ``labels`` are what the drawing, the table and its CSV show (defaults
    to the categories). ``header``/``rows`` replace the default table (one row per
    category, one column per series, plus a total for stacked charts) when the
    numbers behind a chart are richer than what is drawn.
    """

    key: str
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    #: Header of the first table column ("Thème", "Mois"...).
    category_label: str
    #: What the numbers count ("besoins", "jours"...), used in the summary.
    unit: str = ""
    #: The same word in the singular (« besoin »), said of a total under 2; ``unit`` when empty.
    unit_one: str = ""
    #: A sentence for ``<desc>`` and under the title; a default summary is built when empty.
    description: str = ""
    labels: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    #: Said instead of drawing when there is nothing to show.
    empty_message: str = "Pas encore de données."
    notes: tuple[str, ...] = field(default=())
    #: Whether every value is a separate part of one whole, so that their sum means something. False when
    #: a category includes others (« dont … » lines) or when series measure different things (a capacity
    #: and what is taken of it): the generated summary then gives no total.
    additive: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        object.__setattr__(self, "series", tuple(self.series))
        object.__setattr__(self, "labels", tuple(self.labels))
        object.__setattr__(self, "header", tuple(self.header))
        object.__setattr__(self, "rows", tuple(tuple(r) for r in self.rows))
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values for "
                    f"{len(self.categories)} categories"
                )
        if self.labels and len(self.labels) != len(self.categories):
            raise ValueError("labels and categories differ in length")

    @property
    def display_labels(self) -> tuple[str, ...]:
        return self.labels or self.categories

    @property
    def is_empty(self) -> bool:
        return not self.categories or all(v == 0 for s in self.series for v in s.values)

    @property
    def whole_numbers(self) -> bool:
        """Every value a whole number (things counted): the value axis then shows whole ticks only."""
        return all(float(v).is_integer() for s in self.series for v in s.values)

    @property
    def total(self) -> float:
        return sum(s.total for s in self.series)

    @property
    def summary(self) -> str:
        """The ``<desc>`` text: the given description or a short generated one."""
        if self.description:
            return self.description
        if self.is_empty:
            return self.empty_message
        names = ", ".join(s.name for s in self.series)
        text = (f"{count(len(self.categories), 'catégorie')} ({self.category_label.lower()}), "
                f"{plural(len(self.series), 'série')} : {names}")
        if not self.additive:
            return f"{text}."
        total = _clean(self.total)
        said = count(total, self.unit_one or self.unit, self.unit) if self.unit else _fmt(total)
        return f"{text} ; total {said}."

    def table_header(self) -> tuple[str, ...]:
        if self.header:
            return self.header
        columns = [self.category_label] + [s.name for s in self.series]
        if self.kind is ChartKind.STACKED and len(self.series) > 1:
            columns.append("Total")
        return tuple(columns)

    def table_rows(self) -> list[tuple[Cell, ...]]:
        """Rows of the data table, which the CSV writes as they are: a spreadsheet keeps « mars 2026 » as the page
        says it, where it would turn a key « 2026-03 » into a date."""
        if self.rows:
            if not self.labels:
                return list(self.rows)
            # Rows given by the caller start with the category key (« 2026-03 »): the table shows its label
            # (unless the row already carries that label next to its key, like « charte, Signataires … »).
            shown = dict(zip(self.categories, self.labels))
            return [(shown[row[0]], *row[1:]) if row[0] in shown and shown[row[0]] not in row else row
                    for row in self.rows]
        out: list[tuple[Cell, ...]] = []
        for index, key in enumerate(self.display_labels):
            values = [_clean(s.values[index]) for s in self.series]
            row: list[Cell] = [key, *values]
            if self.kind is ChartKind.STACKED and len(self.series) > 1:
                row.append(_clean(sum(s.values[index] for s in self.series)))
            out.append(tuple(row))
        return out


def month_keys(start: date, end: date) -> list[str]:
    """Every month from ``start`` to ``end`` included, as ``"YYYY-MM"``."""
    if end < start:
        return []
    year, month = start.year, start.month
    keys = []
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def month_label(key: str) -> str:
    """``"2026-03"`` → ``"mars 2026"``."""
    year, month = key.split("-")
    return f"{FRENCH_MONTHS[int(month) - 1]} {year}"


def month_short_label(key: str) -> str:
    """``"2026-01"`` → ``"janv. 2026"`` (axis labels; the year whole: « janv. 26 » reads as the 26th)."""
    year, month = key.split("-")
    return f"{FRENCH_MONTHS_SHORT[int(month) - 1]} {year}"


def _clean(value: float) -> int | float:
    """Integers stay integers in tables and CSV; other values keep one decimal."""
    if float(value).is_integer():
        return int(value)
    return round(float(value), 1)


def _fmt(value: float) -> str:
    cleaned = _clean(value)
    return f"{cleaned:,}".replace(",", "\u202f").replace(".", ",")



def format_number(value: float) -> str:
    """French formatting: thin space for thousands, comma for decimals."""
    return _fmt(value)

