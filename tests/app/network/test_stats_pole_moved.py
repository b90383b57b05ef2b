"""A pole that changed region is counted on the statistics page as in the yearly review (``region_at``): what happened
before its move stays with the region it left, what came after goes to the region it joined. A state of today (its
needs as they stand) follows its region of today."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.agenda.bilan import bilan
from app.network import stats
from app.poles.region_history import record_move
from models import (
    ExperienceSheet, LearningVisit, Meeting, MeetingKind, NeedStatus, PairingStatus, VisitRegistration,
    VisitRegistrationStatus,
)

#: The statistics' day: the end of the year of the move, every figure of the year held.
TODAY = date(2026, 12, 15)
MOVED = datetime(2026, 6, 15, 10)


def _visit(db, host, when: datetime) -> None:
    day_one = Meeting(kind=MeetingKind.VISIT_DAY, title="Visite — jour 1", starts_at=when, ends_at=when + timedelta(hours=7))
    db.add(LearningVisit(title="Tiers-lieux", host_pole=host, start_date=when.date(), capacity=5, day_one=day_one,
                         registrations=[VisitRegistration(pole=host, status=VisitRegistrationStatus.REGISTERED)]))
    db.commit()


@pytest.fixture
def moved_in_june(db, make_pole, make_need, make_resource_person, make_pairing):
    """A pole of Occitanie (76) that joined Auvergne-Rhône-Alpes (84) on 15 June 2026. Before: a transfer asked in
    January, its first day in February, completed in April with its sheet published in May, a visit it hosted in
    March. After: a transfer asked in September (first day in October), a visit in October. A pole of Brittany (53)
    that never moved, with a transfer of its own."""
    pole, person = make_pole("Pôle voyageur", region_code="76"), make_resource_person(capacity=10)
    before = make_pairing(make_need(pole, created_at=datetime(2026, 1, 5)), person, status=PairingStatus.COMPLETED,
                          created_at=datetime(2026, 1, 12, 9), first_day=datetime(2026, 2, 2, 8),
                          completed_at=datetime(2026, 4, 1, 15))
    before.decided_at = datetime(2026, 1, 12, 9)
    db.add(ExperienceSheet(pairing_id=before.id, title="Fiche", situation="S", transferred="T", pole_agrees=True,
                           resource_agrees=True, published_at=datetime(2026, 5, 4, 9)))
    _visit(db, pole, datetime(2026, 3, 10, 7))
    pole.region_code = "84"
    record_move(pole, from_region="76", at=MOVED)
    db.commit()
    after = make_pairing(make_need(pole, created_at=datetime(2026, 9, 1), status=NeedStatus.IN_PROGRESS), person,
                         created_at=datetime(2026, 9, 8, 9), first_day=datetime(2026, 10, 5, 8))
    after.decided_at = datetime(2026, 9, 8, 9)
    _visit(db, pole, datetime(2026, 10, 6, 7))
    breton = make_pole("Pôle breton", region_code="53")
    make_pairing(make_need(breton, created_at=datetime(2026, 2, 1)), person, created_at=datetime(2026, 2, 3, 9),
                 first_day=datetime(2026, 3, 2, 8))
    db.commit()
    return pole


def _total(chart, series: int = 0) -> int:
    return sum(chart.series[series].values)


def _visits(region: str) -> int:
    """Visits of the chart's table (its first column after the month), not its places offered."""
    return sum(row[1] for row in stats.visits_by_month(region_code=region, today=TODAY).rows)


def _pairings(region: str) -> int:
    return sum(row[-1] for row in stats.pairings_by_status(region_code=region, today=TODAY).rows)


def test_transfers_and_first_days_stay_where_they_happened(moved_in_june):
    assert (_pairings("76"), _pairings("84"), _pairings("53")) == (1, 1, 1)
    firsts = {r: _total(stats.time_to_first_session(region_code=r, today=TODAY)) for r in ("76", "84", "53")}
    assert firsts == {"76": 1, "84": 1, "53": 1}


def test_sheets_and_completed_transfers_stay_with_the_region_left(moved_in_june):
    for region, expected in (("76", (1, 1)), ("84", (0, 0))):
        chart = stats.experience_sheets_by_region(region_code=region, today=TODAY)
        assert (_total(chart, 0), _total(chart, 1)) == expected
    national = stats.experience_sheets_by_region(today=TODAY)
    by_region = dict(zip(national.categories, zip(*(s.values for s in national.series), strict=True), strict=True))
    assert by_region["76"] == (1, 1) and by_region["84"] == (0, 0)


def test_visits_count_where_the_host_was_on_their_first_day(moved_in_june):
    assert (_visits("76"), _visits("84")) == (1, 1)
    march = stats.visits_by_month(region_code="76", today=TODAY)
    assert {row[0]: row[1] for row in march.rows}["2026-03"] == 1


def test_the_statistics_and_the_review_say_the_same_figures(moved_in_june):
    for region in ("76", "84"):
        review = bilan(year=2026, region_code=region, now=datetime(2026, 12, 15)).one_to_one
        sheets = stats.experience_sheets_by_region(region_code=region, today=TODAY)
        assert _total(sheets, 1) == review.transfers_completed
        assert _total(sheets, 0) == review.experience_sheets
        assert _visits(region) == review.visits_held


def test_needs_as_they_stand_follow_the_region_of_today(moved_in_june):
    chart = stats.needs_by_region(today=TODAY)
    totals = {row[0]: row[-1] for row in chart.rows}
    assert (totals["Auvergne-Rhône-Alpes (84)"], totals["Occitanie (76)"]) == (2, 0)
    assert any("Région actuelle du pôle" in note for note in chart.notes)
    assert any("là où il était au moment des faits" in note
               for note in stats.pairings_by_status(today=TODAY).notes)
