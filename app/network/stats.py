"""Statistics for organisers: one function per chart, each returning a :class:`charts.Chart`.

Every figure is computed by the database (``GROUP BY`` aggregates), never by looping over
rows in Python; the functions take an optional ``region_code`` when the chart makes sense
for one region (the CRA views) and ``today`` for the monthly windows (tests).

To add a chart: write ``def my_chart(*, region_code=None, today=None) -> Chart`` and list it
in :data:`CHARTS` with its URL key; the statistics page, the CSV export and the regional
view pick it up. Charts whose models are not in the tree (lawyer-slot use) are not
listed — see :data:`MISSING_CHARTS`.

The charts live by subject in ``stats_needs`` (needs, eligibility), ``stats_transfers`` (resource
persons, pairings) and ``stats_visits`` (learning visits, Juri-PTCE slots); ``stats_sql`` holds
what they share. This module is their registry and re-exports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.network.stats_needs import needs_by_region, needs_by_theme, poles_by_eligibility
from app.network.stats_sql import MONTHS_SHOWN, days_between, month_labels, month_of_day, month_window
from app.refdata import NO_THEME
from app.network.stats_transfers import (
    BUSY_STATUSES, DELAY_BUCKETS, LOAD_BUCKETS, experience_sheets_by_region, pairings_by_status,
    resource_capacity_by_region, resource_load, time_to_first_session,
)
from app.network.stats_visits import SLOT_MONTHS_AHEAD, VISIT_MONTHS_AHEAD, lawyer_slot_use, visits_by_month
from charts import Chart

__all__ = [
    "BUSY_STATUSES", "CHARTS", "DELAY_BUCKETS", "LOAD_BUCKETS", "MISSING_CHARTS", "MONTHS_SHOWN", "NO_THEME",
    "SLOT_MONTHS_AHEAD", "VISIT_MONTHS_AHEAD", "ChartSpec", "build_chart", "build_charts", "days_between",
    "experience_sheets_by_region",
    "lawyer_slot_use", "month_labels", "month_of_day", "month_window", "needs_by_region", "needs_by_theme", "pairings_by_status",
    "poles_by_eligibility", "resource_capacity_by_region", "resource_load", "time_to_first_session",
    "visits_by_month",
]


@dataclass(frozen=True)
class ChartSpec:
    key: str
    build: Callable[..., Chart]
    #: Shown in the regional view too (scoped to the region).
    regional: bool = True


CHARTS: dict[str, ChartSpec] = {
    spec.key: spec
    for spec in (
        ChartSpec("besoins-par-theme", needs_by_theme),
        ChartSpec("poles-par-eligibilite", poles_by_eligibility),
        ChartSpec("besoins-par-region", needs_by_region, regional=False),
        ChartSpec("appariements-par-statut", pairings_by_status),
        ChartSpec("delai-premiere-journee", time_to_first_session),
        ChartSpec("capacite-personnes-ressources", resource_capacity_by_region, regional=False),
        ChartSpec("charge-personnes-ressources", resource_load),
        ChartSpec("fiches-experience", experience_sheets_by_region),
        ChartSpec("visites-par-mois", visits_by_month),
        ChartSpec("creneaux-juri-ptce", lawyer_slot_use, regional=False),
    )
}

#: Charts asked for in issue 8 whose data does not exist in this tree yet.
MISSING_CHARTS: tuple[str, ...] = ()


def build_chart(key: str, *, region_code: str | None = None, today: date | None = None) -> Chart:
    """One chart by its URL key; ``KeyError`` if unknown."""
    return CHARTS[key].build(region_code=region_code, today=today)


def build_charts(*, region_code: str | None = None, today: date | None = None) -> list[Chart]:
    """Every chart of the statistics page, or the regional ones for ``region_code``."""
    return [spec.build(region_code=region_code, today=today) for spec in CHARTS.values()
            if region_code is None or spec.regional]
