"""The agenda's months are Paris months (the site's users are in France, the server in UTC): at 23 h 30 UTC on
31 January it is already February there."""

from __future__ import annotations

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
