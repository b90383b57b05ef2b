"""What the statistics charts share: SQL for months and durations (SQLite and PostgreSQL), the monthly
windows, the region filter, a region's table cell and the title suffix of a regional chart."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import ColumnElement, func

from app.extensions import db
from app.months import shift_month
from app.network.services import region_names
from charts import month_keys, month_label
from models import Pole, utcnow

#: Months shown by the charts over time (the current month included).
MONTHS_SHOWN = 24


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def month_of(column: ColumnElement) -> ColumnElement:
    """``"YYYY-MM"`` of a datetime column, in SQL (SQLite and PostgreSQL)."""
    if _dialect() == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def days_between(start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """``end - start`` in (fractional) days, in SQL."""
    if _dialect() == "postgresql":
        return func.extract("epoch", end - start) / 86400.0
    return func.julianday(end) - func.julianday(start)


def _month_window(today: date | None, *, ahead: int = 0) -> tuple[list[str], datetime, datetime]:
    """The months shown (``MONTHS_SHOWN`` up to this month, plus ``ahead`` future months),
    with the first instant of the window and the first instant after it."""
    today = today or date.today()
    start = shift_month(today, -(MONTHS_SHOWN - 1))
    last = shift_month(today, ahead)
    after = shift_month(today, ahead + 1)
    return (month_keys(start, last), datetime(start.year, start.month, 1),
            datetime(after.year, after.month, 1))


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


def _scope(region_code: str | None) -> str:
    return f" — {region_names().get(region_code, region_code)}" if region_code else ""
