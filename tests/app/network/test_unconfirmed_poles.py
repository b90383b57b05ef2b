"""The statistics count the poles of the network as the access policy says (``policy.counted_in_figures``, in SQL
``scopes.pole_counted``): a pole awaiting confirmation, and its activity (transfers, first days, experience sheets,
visits hosted or attended), are in no chart and no CSV; the same activity of a confirmed pole is. The supply
charts (a resource person's capacity and load, the Juri-PTCE slots) count what is taken, whoever took it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from app.network import stats
from models import (
    Booking, BookingStatus, ExperienceSheet, LearningVisit, Meeting, MeetingKind, PairingStatus, Role,
    VisitRegistration, VisitRegistrationStatus,
)

TODAY = date(2026, 6, 15)


@pytest.fixture
def two_poles(db, make_pole, make_need, make_resource_person, make_pairing):
    """The same activity for a confirmed pole (Bretagne) and a pole awaiting confirmation (Occitanie): a transfer
    created in March with its first day held, completed with its sheet published; a visit it hosts in April, with
    the other pole registered."""
    member, waiting = make_pole("Pôle membre", region_code="53"), make_pole("Pôle à confirmer", region_code="76",
                                                                            confirmed=False)
    person = make_resource_person(capacity=5)
    for pole in (member, waiting):
        pairing = make_pairing(make_need(pole, created_at=datetime(2026, 3, 1)), person,
                               status=PairingStatus.COMPLETED, created_at=datetime(2026, 3, 2),
                               first_day=datetime(2026, 3, 11, 8), completed_at=datetime(2026, 5, 1))
        db.add(ExperienceSheet(pairing=pairing, title="Fiche", situation="S", transferred="T",
                               pole_agrees=True, resource_agrees=True, published_at=datetime(2026, 5, 2)))
        guest = waiting if pole is member else member
        start = datetime(2026, 4, 9, 8)
        db.add(LearningVisit(title=f"Visite chez {pole.name}", host_pole=pole, start_date=start.date(), capacity=4,
                             day_one=Meeting(kind=MeetingKind.VISIT_DAY, title="Jour 1", starts_at=start,
                                             ends_at=start.replace(hour=16)),
                             registrations=[VisitRegistration(pole=guest, status=VisitRegistrationStatus.REGISTERED)]))
    db.commit()
    return member, waiting


def _total(chart, name: str) -> int:
    return sum(next(series for series in chart.series if series.name == name).values)


def test_transfer_charts_count_the_confirmed_pole_only(two_poles):
    by_status = stats.pairings_by_status(today=TODAY)
    assert sum(sum(series.values) for series in by_status.series) == 1
    assert sum(row[-1] for row in by_status.table_rows()) == 1  # the table and CSV too
    first_days = stats.time_to_first_session(today=TODAY)
    assert sum(first_days.series[0].values) == 1
    assert first_days.summary.startswith("1\u00a0besoin a eu une première journée de transfert")
    sheets = {row[0]: row[1:] for row in stats.experience_sheets_by_region().table_rows()}
    assert sheets["Bretagne (53)"] == (1, 1) and sheets["Occitanie (76)"] == (0, 0)
    assert stats.pairings_by_status(region_code="76", today=TODAY).table_rows()[-1][-1] == 0


def test_the_visits_chart_counts_visits_and_registrations_of_confirmed_poles_only(two_poles):
    chart = stats.visits_by_month(today=TODAY)
    april = {row[0]: row[1:] for row in chart.table_rows()}["avril 2026"]
    # One visit (the member's, 4 places), with no registered pole: its guest awaits confirmation. The waiting
    # pole's visit is not counted, nor the member registered to it.
    assert april == (1, 4, 0, 0, 0, 0, 0, 0)
    assert chart.summary.startswith("1\u00a0visite ")
    assert stats.visits_by_month(region_code="76", today=TODAY).is_empty


def test_once_confirmed_the_pole_counts_everywhere(db, two_poles):
    _, waiting = two_poles
    waiting.confirmed_at = datetime(2026, 6, 1)
    db.commit()
    assert sum(sum(s.values) for s in stats.pairings_by_status(today=TODAY).series) == 2
    assert sum(stats.time_to_first_session(today=TODAY).series[0].values) == 2
    assert {row[0]: row[1] for row in stats.experience_sheets_by_region().table_rows()}["Occitanie (76)"] == 1
    april = {row[0]: row[1:] for row in stats.visits_by_month(today=TODAY).table_rows()}["avril 2026"]
    assert april == (2, 8, 2, 0, 0, 0, 0, 0)


def test_the_statistics_csv_exports_leave_the_waiting_pole_out(client, login, make_user, two_poles):
    login(make_user(Role.ORGANISER))
    response = client.get("/organisation/statistiques/visites-par-mois.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    month = next(row for row in rows if row[0] == "avril 2026")
    assert month[1:4] == ["1", "4", "0"]
    rows = list(csv.reader(io.StringIO(client.get("/organisation/statistiques/fiches-experience.csv")
                                       .get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert [row[1:] for row in rows if row[0] == "Occitanie (76)"] == [["0", "0"]]


def test_supply_charts_count_what_is_taken_whoever_took_it(db, two_poles, make_user, make_lawyer, make_slot):
    """A resource person's load is the capacity rule's count; a Juri-PTCE slot held by a waiting pole is not free.
    Both charts say so in a note."""
    _, waiting = two_poles
    load = stats.resource_load(today=TODAY)
    assert dict(zip(load.categories, load.series[0].values))["Sous sa capacité"] == 1
    capacity = stats.resource_capacity_by_region(today=TODAY)
    assert _total(capacity, "Transferts engagés en 2026") == 2
    assert any("en attente de confirmation" in note for note in capacity.notes)

    slot = make_slot(make_lawyer(), starts_at=datetime(2026, 7, 7, 12))
    db.add(Booking(slot=slot, pole=waiting, booker=make_user(Role.FACILITATOR, pole=waiting), question="Une question.",
                   question_key="q", status=BookingStatus.CONFIRMED, idempotency_key="cle"))
    db.commit()
    slots = stats.lawyer_slot_use(today=TODAY)
    assert _total(slots, "Créneaux réservés") == 1
    assert any("en attente de confirmation" in note for note in slots.notes)


def test_the_needs_by_theme_summary_counts_the_needs_of_confirmed_poles_only(db, make_pole, make_need):
    """Its bars left the waiting pole's needs out, but its sentence (each need once) counted them."""
    member, waiting = make_pole(region_code="53"), make_pole(region_code="53", confirmed=False)
    make_need(member, themes=("culture",))
    make_need(waiting, themes=("culture",))
    chart = stats.needs_by_theme()
    assert chart.summary.startswith("1\u00a0besoin ouvert ou en cours : 1 sans transfert accepté")
    waiting.confirmed_at = datetime(2026, 6, 1)
    db.commit()
    assert stats.needs_by_theme().summary.startswith("2\u00a0besoins ouverts ou en cours")
