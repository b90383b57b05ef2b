"""Statistics functions: numbers computed by SQL aggregates, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import literal, select

from app.network import stats
from charts import ChartKind
from models import NeedStatus


def test_needs_by_region_counts_per_status(db, make_pole, make_need):
    breton, lyonnais = make_pole(region_code="53"), make_pole(region_code="84")
    make_need(breton)
    make_need(breton, status=NeedStatus.CLOSED)
    make_need(lyonnais, status=NeedStatus.IN_PROGRESS)
    chart = stats.needs_by_region()
    rows = {row[0]: row[1:] for row in chart.table_rows()}
    assert rows["Bretagne (53)"] == (1, 0, 1, 2) and rows["Auvergne-Rhône-Alpes (84)"] == (0, 1, 0, 1)
    assert rows["Guadeloupe (01)"] == (0, 0, 0, 0)  # every region listed, even without needs
    assert chart.categories[:2] == ("53", "84")  # most needs first
    assert [s.name for s in chart.series] == ["Ouvert", "En cours", "Clos"]


def test_needs_by_theme_orders_by_needs_to_serve(db, make_pole, make_need):
    pole = make_pole()
    make_need(pole, themes=("culture",))
    make_need(pole, themes=("culture", "numerique"))
    make_need(pole, themes=("numerique",), status=NeedStatus.CLOSED)
    chart = stats.needs_by_theme()
    assert chart.kind is ChartKind.BAR
    assert chart.categories[0] == "culture"
    assert chart.series[0].values[:2] == (2, 1)
    assert "Plus de besoins que d'offres surtout en" in chart.summary


def test_both_tables_of_needs_head_their_statuses_alike(db):
    by_theme, by_region = stats.needs_by_theme().table_header(), stats.needs_by_region().table_header()
    assert by_theme[1:4] == by_region[1:4] == ("Ouvert", "En cours", "Clos")  # not « Ouverts » beside « Clos »


def test_resource_capacity_by_region(db, make_resource_person):
    make_resource_person(region_code="53", capacity=2)
    make_resource_person(region_code="53", capacity=3)
    make_resource_person(region_code="84", capacity=1)
    chart = stats.resource_capacity_by_region()
    assert chart.table_rows() == [("Bretagne (53)", 2, 5, 0), ("Auvergne-Rhône-Alpes (84)", 1, 1, 0)]
    # The capacity and what is engaged of it are said apart, never added together.
    assert chart.summary == "3\u00a0personnes ressources : 6\u00a0transferts possibles par an, aucun engagé en " \
        f"{date.today().year}."
    assert "total" not in chart.summary


def test_sql_month_and_day_helpers(db):
    start, end = datetime(2026, 1, 31, 12), datetime(2026, 3, 2, 0)
    month, day_month, days = db.execute(select(stats.month_window(date(2026, 3, 1)).month_of(literal(start)),
                                               stats.month_of_day(literal(date(2026, 1, 31))),
                                               stats.days_between(literal(start), literal(end)))).one()
    assert month == "2026-01" and day_month == "2026-01"
    assert abs(float(days) - 29.5) < 1e-6


@pytest.mark.parametrize(("instant", "month"), [
    (datetime(2026, 1, 31, 22, 59), "2026-01"),  # 23 h 59 in Paris
    (datetime(2026, 1, 31, 23, 30), "2026-02"),  # 0 h 30 on 1 February in Paris
    (datetime(2025, 6, 30, 22, 30), "2025-07"),  # summer time: 0 h 30 on 1 July in Paris
    (datetime(2025, 6, 30, 21, 30), "2025-06"),
    (datetime(2025, 12, 31, 23, 30), "2026-01"),  # New Year in Paris
])
def test_an_instant_falls_in_the_month_of_paris(db, instant, month):
    # Before: the month of the UTC date (to_char / strftime of the stored naive UTC).
    window = stats.month_window(date(2026, 3, 10))
    assert db.execute(select(window.month_of(literal(instant)))).scalar_one() == month


def test_the_current_month_is_the_one_of_paris(monkeypatch):
    from app.network import stats_sql

    monkeypatch.setattr(stats_sql, "utcnow", lambda: datetime(2027, 1, 31, 23, 30))  # 1 February in Paris
    window = stats.month_window(None)
    assert window.keys[-1] == "2027-02" and window.end == datetime(2027, 2, 28, 23, 0)
    assert window.keys[0] == "2025-03" and window.start == datetime(2025, 2, 28, 23, 0)


def test_build_charts_regional_subset(db):
    national = [chart.key for chart in stats.build_charts(today=date(2026, 3, 1))]
    regional = [chart.key for chart in stats.build_charts(region_code="53", today=date(2026, 3, 1))]
    assert set(regional) < set(national)
    assert list(stats.CHARTS) == national


def test_visits_by_month_places_and_registrations(db, make_pole):
    from models import LearningVisit, VisitRegistration, VisitRegistrationStatus

    host, guest, other, gone = make_pole(region_code="53"), make_pole(), make_pole(), make_pole()
    visit = LearningVisit(title="Tiers-lieux", host_pole=host, start_date=date(2026, 4, 9), capacity=3)
    visit.registrations = [VisitRegistration(pole=guest, status=VisitRegistrationStatus.REGISTERED),
                           VisitRegistration(pole=other, status=VisitRegistrationStatus.DECLINED),
                           VisitRegistration(pole=gone, status=VisitRegistrationStatus.WITHDRAWN)]
    far = LearningVisit(title="Trop loin", host_pole=host, start_date=date(2027, 9, 1), capacity=5)
    db.add_all([visit, far])
    db.commit()
    chart = stats.visits_by_month(today=date(2026, 3, 10))
    assert chart.categories[0] == "2024-04" and chart.categories[-1] == "2026-09"
    rows = {row[0]: row[1:] for row in chart.table_rows()}
    # a withdrawal after registering is its own column, not one more decline
    assert chart.table_header()[-2:] == ("Ont décliné l'invitation", "Désistements après inscription")
    assert rows["avril 2026"] == (1, 3, 1, 0, 0, 0, 1, 1)
    assert any("Désistements après inscription\u00a0: pôles inscrits ou en liste d'attente" in note
               for note in chart.notes)
    assert sum(row[0] for row in rows.values()) == 1  # the 2027 visit is outside the window
    assert "3\u00a0places offertes, 1\u00a0pôle inscrit (33,3\u00a0% des places)" in chart.summary
    assert chart.summary.endswith(", aucun pôle en liste d'attente.")  # was « aucun en liste d'attente »
    assert stats.visits_by_month(region_code="84", today=date(2026, 3, 10)).is_empty


def test_lawyer_slot_use_counts_a_moved_booking_apart_from_cancellations(db, make_user, make_lawyer, make_slot):
    """A booking moved to another slot is « Déplacé », not « Annulé »: the organiser counts real cancellations."""
    from app.legal import services as legal
    from models import utcnow

    lawyer = make_lawyer()
    first, second, third = (make_slot(lawyer, days=days) for days in (10, 11, 12))
    mover, canceller = make_user(), make_user()
    booking = legal.book_slot(slot_id=first.id, booker=mover, question="Question déplacée.",
                              idempotency_key=legal.new_idempotency_key()).booking
    legal.reschedule_booking(booking_id=booking.id, new_slot_id=second.id, by=mover)
    booking = legal.book_slot(slot_id=third.id, booker=canceller, question="Question annulée.",
                              idempotency_key=legal.new_idempotency_key()).booking
    legal.cancel_booking(booking_id=booking.id, by=canceller)
    chart = stats.lawyer_slot_use(today=utcnow().date())
    header = chart.table_header()
    totals = {name: sum(row[i] for row in chart.table_rows()) for i, name in enumerate(header) if i}
    assert totals == {"Créneaux offerts": 3, "Réservés": 1, "En liste d'attente": 0, "Annulés": 1, "Déplacés": 1}
    assert any("n'est pas une annulation" in note for note in chart.notes)


def test_lawyer_slot_use_counts_offered_booked_and_waiting(db, make_user, make_lawyer, make_slot):
    from app.legal import services as legal
    from models import utcnow

    lawyer = make_lawyer()
    booked = make_slot(lawyer, days=3)
    make_slot(lawyer, days=4)  # offered, never booked
    for user in (make_user(), make_user()):
        key = legal.new_idempotency_key()
        if legal.holder_of(booked) is None:
            legal.book_slot(slot_id=booked.id, booker=user, question="Question juridique de test.", idempotency_key=key)
        else:
            legal.join_waitlist(slot_id=booked.id, booker=user, question="Question en attente.", idempotency_key=key)
    chart = stats.lawyer_slot_use(today=utcnow().date())
    totals = {series.name: sum(series.values) for series in chart.series}
    assert totals == {"Créneaux offerts": 2, "Créneaux réservés": 1, "Personnes en liste d'attente": 1}


# ------------------------------------------------------- held or to come (walk #23)

#: The day the statistics are read in these tests: what starts before it was held, the rest is to come.
TODAY = date(2026, 6, 15)


def test_time_to_first_session_counts_first_days_held_and_says_those_to_come_apart(
        db, make_pole, make_need, make_resource_person, make_pairing):
    pole, person = make_pole(), make_resource_person()
    published = datetime(2026, 1, 1)
    make_pairing(make_need(pole, created_at=published), person, first_day=datetime(2026, 1, 11, 8))  # held
    make_pairing(make_need(pole, created_at=published), person, first_day=datetime(2026, 9, 1, 8))   # to come
    chart = stats.time_to_first_session(today=TODAY)
    assert chart.series[0].values == (1, 0, 0, 0, 0)  # only the held one, ten days after its publication
    assert chart.summary == ("1\u00a0besoin a eu une première journée de transfert, en moyenne 10\u00a0jours après sa "
                             "publication. 1\u00a0autre besoin a sa première journée à venir.")
    later = stats.time_to_first_session(today=date(2026, 10, 1))
    assert sum(later.series[0].values) == 2 and "à venir" not in later.summary


def _booked_slot(db, lawyer, make_slot, when: datetime, *, booked: bool = True):
    from models import Booking, BookingStatus

    slot = make_slot(lawyer, starts_at=when)
    if booked:
        db.add(Booking(slot=slot, question="Une question.", question_key=f"{when:%m%d}", status=BookingStatus.CONFIRMED,
                       idempotency_key=f"cle-{when:%m%d}"))
        db.commit()
    return slot


def test_lawyer_slot_use_tells_consultations_held_from_those_booked_ahead(db, make_lawyer, make_slot):
    lawyer = make_lawyer()
    _booked_slot(db, lawyer, make_slot, datetime(2026, 5, 5, 12))                 # held
    _booked_slot(db, lawyer, make_slot, datetime(2026, 5, 12, 12), booked=False)  # past, free
    _booked_slot(db, lawyer, make_slot, datetime(2026, 7, 7, 12))                 # booked, to come
    _booked_slot(db, lawyer, make_slot, datetime(2026, 7, 14, 12))                # booked, to come
    chart = stats.lawyer_slot_use(today=TODAY)
    assert ("4\u00a0créneaux offerts ; 1\u00a0rendez-vous tenu (50\u00a0% des créneaux passés), "
            "2\u00a0rendez-vous réservés à venir ; aucune demande en liste d'attente.") in chart.summary
    assert any("pas encore tenus" in note for note in chart.notes)


def test_visits_by_month_says_how_many_were_made_and_how_many_are_to_come(db, make_pole):
    from models import LearningVisit, Meeting, MeetingKind

    host = make_pole(region_code="53")
    for day in (date(2026, 3, 2), date(2026, 6, 16), date(2026, 9, 7)):
        start = datetime.combine(day, datetime.min.time()).replace(hour=8)
        db.add(LearningVisit(title="Tiers-lieux", host_pole=host, start_date=day, capacity=4, day_one=Meeting(
            kind=MeetingKind.VISIT_DAY, title="Jour 1", starts_at=start, ends_at=start.replace(hour=16))))
    db.commit()
    summary = stats.visits_by_month(today=TODAY).summary
    assert summary.startswith("3\u00a0visites de juillet 2024 à décembre 2026 (1\u00a0réalisée, 2 à venir) : "
                              "12\u00a0places offertes")


# ------------------------------------------ themes, words and numbers the French way (walk #24)


def test_needs_by_theme_says_what_it_counts_and_keeps_needs_without_theme_apart(db, make_pole, make_need,
                                                                               make_resource_person, make_offer):
    pole = make_pole()
    make_need(pole, themes=("culture", "numerique"))  # one need, in two bars
    make_need(pole, themes=("culture",), status=NeedStatus.IN_PROGRESS)
    for _ in range(3):
        make_need(pole)  # no theme declared: more than any theme, still no theme
    make_need(pole, status=NeedStatus.CLOSED)
    make_offer(make_resource_person(), themes=("numerique",))
    chart = stats.needs_by_theme()
    assert "Sans thème déclaré" not in chart.labels and stats.NO_THEME not in chart.categories
    assert chart.table_rows()[-1] == ("Sans thème déclaré", 3, 0, 1, 4, 0)  # its own last row
    assert chart.table_rows()[0][0] == "Culture, spectacle vivant et industries créatives"  # a label, not « culture »
    assert chart.summary == ("5\u00a0besoins ouverts ou en cours : 4 sans transfert accepté, 1 avec un transfert engagé ; "
                             "3 sans thème déclaré. Plus de besoins que d'offres surtout en : "
                             "Culture, spectacle vivant et industries créatives (écart 2).")
    assert chart.title.startswith("Besoins ouverts ou en cours et offres actives")
    one = stats.needs_by_theme(region_code="84")
    assert one.summary == "Aucun besoin ouvert ou en cours pour l'instant."  # not « 0 besoin … : 0 …, 0 … »



def test_a_total_of_one_is_said_in_the_singular(db, make_pole, make_need):
    """« total 1 besoin », not « 1 besoins »; and every counted unit has its singular."""
    make_need(make_pole(region_code="53"))
    assert stats.needs_by_region().summary.endswith("; total 1\u00a0besoin.")
    for key in stats.CHARTS:
        chart = stats.build_chart(key)
        assert not chart.unit or chart.unit_one, key


def test_resource_persons_read_the_same_on_home_statistics_and_region_page(db, make_resource_person, make_offer,
                                                                            make_user):
    """A pending or refused profile is seen by no one: no figure counts it or its offers (home page, capacity,
    load and offers charts, a region's page), so the same quantity reads the same everywhere."""
    from app.main.services import network_figures
    from app.network.regional_view import regional_view
    from models import Role, ValidationStatus

    make_offer(make_resource_person(region_code="53", capacity=2), themes=("culture",))
    for status in (ValidationStatus.PENDING, ValidationStatus.REFUSED):
        make_offer(make_resource_person(region_code="53", capacity=3, status=status), themes=("culture",))
        make_offer(make_resource_person(region_code="53", capacity=3, status=status))
    figures = network_figures()
    assert (figures.resource_persons, figures.offers) == (1, 1)
    capacity = stats.resource_capacity_by_region()
    assert capacity.table_rows() == [("Bretagne (53)", 1, 2, 0)]
    assert sum(stats.resource_load().series[0].values) == 1
    by_theme = stats.needs_by_theme()
    offers = next(s for s in by_theme.series if s.name.startswith("Offres"))
    assert sum(offers.values) == 1
    assert by_theme.table_rows()[-1][-1] == 0  # no offer without a theme counted
    view = regional_view("53", viewer=make_user(Role.ADMIN), href_prefix="/poles/")
    assert (view.resource_persons, view.yearly_capacity) == (1, 2)


def test_chart_sentences_say_zero_in_words(db, make_pole, make_need, make_resource_person):
    """« aucun lauréat », « aucun avec un transfert engagé », « aucune à leur capacité » — not « 0 … »."""
    make_need(make_pole(region_code="53"))
    make_resource_person()
    assert "1\u00a0besoin ouvert ou en cours : 1 sans transfert accepté, aucun avec un transfert engagé" in (
        stats.needs_by_theme().summary)
    assert "aucun lauréat de l'AMI PTCE" in stats.build_chart("poles-par-eligibilite").summary
    assert stats.resource_load().summary == "1\u00a0personne ressource : 1 sans transfert, aucune à leur capacité ou au-delà."
    assert stats.visits_by_month(today=date(2026, 3, 10)).summary.startswith(
        "Aucune visite d'avril 2024 à septembre 2026 : aucune place offerte, aucun pôle inscrit")
