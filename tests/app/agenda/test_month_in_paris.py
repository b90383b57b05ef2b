"""The agenda's months are Paris months (the site's users are in France, the server in UTC): at 23 h 30 UTC on
31 January it is already February there."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

from app.agenda import queries, services
from app.agenda.forms import AgendaFilterForm


def _in_month(month: date) -> set[int]:
    return {s.id for s in queries.agenda(queries.AgendaFilters(month=month))}


def test_a_session_at_half_past_midnight_on_the_first_in_paris_is_listed_in_that_month(db, publish):
    start = datetime(2027, 1, 31, 23, 30)  # 1 February 2027 at 0 h 30 in Paris
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=1))])
    assert session.id in _in_month(date(2027, 2, 1))
    assert session.id not in _in_month(date(2027, 1, 1))


def test_a_session_over_two_months_is_listed_under_each(db, client, publish):
    """Walk: a session of 30 November, 1 and 2 December was filed under November only (its first slot)."""
    days = [datetime(2027, 11, 30, 9), datetime(2027, 12, 1, 9), datetime(2027, 12, 2, 9)]
    session = publish(slots=[services.SlotTimes(day, day + timedelta(hours=7)) for day in days])
    assert session.id in _in_month(date(2027, 11, 1)) and session.id in _in_month(date(2027, 12, 1))
    assert session.id not in _in_month(date(2027, 10, 1)) and session.id not in _in_month(date(2028, 1, 1))
    # Filed under December, its card says it runs into it (it opens on its first day, in November).
    page = html.unescape(client.get("/agenda?mois=2027-12").get_data(as_text=True))
    assert "mardi 30\u00a0novembre 2027 à\u00a010\u00a0h · 3\u00a0créneaux, jusqu'au 2\u00a0décembre 2027" in page


def test_a_single_slot_running_into_the_next_month_is_listed_under_both(db, publish):
    start = datetime(2027, 1, 31, 8)  # 31 January 9 h in Paris, to 1 February 17 h
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=32))])
    assert session.id in _in_month(date(2027, 1, 1)) and session.id in _in_month(date(2027, 2, 1))


def test_a_cancelled_slot_no_longer_files_its_session_under_its_month(db, publish, organiser):
    """Cancelled on its own, the December day no longer puts the session in December (the slots ``live_slots`` reads)."""
    from app.agenda import cancellation

    days = [datetime(2027, 11, 29, 9), datetime(2027, 12, 1, 9)]
    session = publish(slots=[services.SlotTimes(day, day + timedelta(hours=7)) for day in days])
    cancellation.cancel_slot(session_id=session.id, slot_id=session.slots[1].id, organiser=organiser,
                             reason="Salle indisponible ce jour-là.")
    assert session.id in _in_month(date(2027, 11, 1)) and session.id not in _in_month(date(2027, 12, 1))


def test_the_month_filters_example_is_three_months_after_the_month_in_paris(app, monkeypatch):
    monkeypatch.setattr("app.templating.utcnow", lambda: datetime(2026, 12, 31, 23, 30))  # 1 January 2027 in Paris
    monkeypatch.setattr("app.agenda.forms.date", _ServerClock)  # the server's own day, 31 December
    with app.test_request_context("/agenda"):
        form = AgendaFilterForm()
    assert form.example == date(2027, 4, 1)
    assert form.mois.render_kw["placeholder"] == "avril 2027"


class _ServerClock(date):
    """``date`` whose ``today()`` is the server's (UTC) day at 23 h 30 UTC on 31 December."""

    @classmethod
    def today(cls) -> date:
        return date(2026, 12, 31)
