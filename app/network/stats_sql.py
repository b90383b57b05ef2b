"""What the statistics charts share: SQL for months and durations (SQLite and PostgreSQL), the monthly
windows, the region filter, a region's table cell and the title suffix of a regional chart.

The months are the network's (``scheduling.wall_clock``, Paris): a transfer asked at 23 h 30 UTC on 31 January,
already 1 February in Paris, is a February one. An instant (naive UTC) is put in its month by comparing it with
the window's month bounds (``MonthWindow.month_of``, the same SQL on both databases); a day (a visit's date) is
a day of the calendar already, its month read as written (``month_of_day``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, case, func

from app.extensions import db
from app.months import shift_month
from app.network.services import region_names
from app.poles.region_history import region_at
from app.scheduling.wall_clock import day_of, month_bounds
from charts import month_keys, month_label
from models import Pole, utcnow

#: Months shown by the charts over time (the current month included).
MONTHS_SHOWN = 24


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def month_of_day(column: ColumnElement) -> ColumnElement:
    """``"YYYY-MM"`` of a date column (a day of the calendar, no zone to apply), in SQL (SQLite and PostgreSQL)."""
    if _dialect() == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def days_between(start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """``end - start`` in (fractional) days, in SQL."""
    if _dialect() == "postgresql":
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


@dataclass(frozen=True)
class MonthWindow:
    """The months a chart shows, in the network's calendar: ``keys`` (``"YYYY-MM"``), from ``first_day`` (the first
    day of the first month) to ``after_day`` (the first day of the month after the last)."""

    keys: list[str]
    first_day: date
    after_day: date

    @property
    def start(self) -> datetime:
        """The window's first instant (midnight in Paris), as naive UTC."""
        return month_bounds(self.first_day.year, self.first_day.month)[0]

    @property
    def end(self) -> datetime:
        """The first instant after the window, as naive UTC."""
        return month_bounds(self.after_day.year, self.after_day.month)[0]

    def month_of(self, column: ColumnElement) -> ColumnElement:
        """The key of the month an instant (a naive-UTC datetime column) falls in, in SQL (SQLite and PostgreSQL):
        ``CASE WHEN column < end of the first month THEN key …`` (NULL outside the window, which queries leave out).
        Use the returned expression both in ``select`` and in ``group_by``: PostgreSQL matches them by their
        parameters, which are then the same."""
        ends = [month_bounds(int(key[:4]), int(key[5:]))[1] for key in self.keys]
        return case(*((column < end, key) for key, end in zip(self.keys, ends, strict=True)), else_=None)


def month_window(today: date | None, *, ahead: int = 0) -> MonthWindow:
    """The months shown (``MONTHS_SHOWN`` up to this month, plus ``ahead`` future months); this month is the
    network's (Paris), not the server's."""
    today = today or day_of(utcnow())
    start = shift_month(today, -(MONTHS_SHOWN - 1))
    return MonthWindow(month_keys(start, shift_month(today, ahead)), start, shift_month(today, ahead + 1))


def moment(today: date | None) -> datetime:
    """The instant the figures stand at, to tell held meetings from those to come (``Meeting.held_by``):
    now, or the start of ``today`` when a caller (a test) fixes the day."""
    return utcnow() if today is None else datetime.combine(today, time.min)


def month_labels(keys: list[str]) -> tuple[str, ...]:
    return tuple(month_label(k) for k in keys)


def region_cell(code: str, names: dict[str, str]) -> str:
    """A region as a chart's table and its CSV write it, « La Réunion (04) »: one cell a spreadsheet keeps as it
    is, where a code alone (« 04 ») would lose its zero."""
    return f"{names[code]} ({code})" if code in names else code


def _region_filter(region_code: str | None) -> list[ColumnElement]:
    return [Pole.region_code == region_code] if region_code else []


def region_then(when: ColumnElement) -> ColumnElement[str]:
    """The region of the pole (``Pole``, joined) when a figure happened at ``when``, as the yearly review counts it
    (``region_at``): a pole that moved since is counted where it was; one that never moved, in its region of today."""
    return region_at(Pole.id, Pole.region_code, when)


def _region_then_filter(region_code: str | None, when: ColumnElement) -> list[ColumnElement]:
    """The region filter of a figure about something that happened at ``when`` (a transfer asked, a first day held,
    a sheet published): the region the pole was in then. A state of today (open needs, poles) keeps
    ``_region_filter``, today's region."""
    return [region_then(when) == region_code] if region_code else []


#: Said under a chart counted where things happened, as the yearly review says it.
COUNTED_THEN = ("Un pôle qui a changé de région compte là où il était au moment des faits, comme dans le bilan "
                "annuel.")
#: Said under a chart of the state of today.
COUNTED_NOW = "Région actuelle du pôle\u00a0: le graphique montre où en sont les besoins aujourd'hui."


def _scope(region_code: str | None) -> str:
    return f" — {region_names().get(region_code, region_code)}" if region_code else ""
