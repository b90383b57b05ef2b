"""Learning visits to come are on the agenda: for signed-in people, by the host's region, « pour mon pôle »."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest

from app.visits.common import today
from models import Role
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web


def test_the_agenda_lists_the_visits_to_come_and_says_where_the_pole_stands(client, login, db, network, make_visit,
                                                                           make_pole, make_user):
    visit = make_visit(invited=network.poles[:2])
    past = make_visit(invited=network.poles[2:], start=date.today() + timedelta(days=5))
    past.title, past.start_date = "Une visite déjà faite", date.today() - timedelta(days=40)
    db.commit()

    login(network.facilitators[0])
    page = html.unescape(client.get("/agenda").get_data(as_text=True))
    assert "Visites apprenantes à venir" in page and visit.title in page and past.title not in page
    assert f"/visites/{visit.id}" in page and "Votre pôle\u00a0: <strong>Invité, sans réponse</strong>" in page
    # Filtered by the host's region (Occitanie, 76) or by a collective kind, it goes or stays as it should.
    assert visit.title in client.get("/agenda?region=76").get_data(as_text=True)
    assert visit.title not in client.get("/agenda?region=53").get_data(as_text=True)
    assert visit.title not in client.get("/agenda?type=webinar").get_data(as_text=True)
    assert visit.title in client.get("/agenda?pour_mon_pole=y").get_data(as_text=True)

    outsider = make_user(Role.FACILITATOR, pole=make_pole(region_code="11"))
    client.post("/compte/deconnexion", data={"csrf_token": extract_csrf(page)})
    login(outsider)
    assert visit.title in client.get("/agenda").get_data(as_text=True)
    assert visit.title not in client.get("/agenda?pour_mon_pole=y").get_data(as_text=True)


def test_signed_out_visitors_do_not_see_the_visits(client, network, make_visit):
    visit = make_visit()
    assert visit.title not in client.get("/agenda").get_data(as_text=True)


def test_a_visit_stays_on_the_agenda_on_its_second_day(client, login, db, network, make_visit):
    # Before: listed while its first day was today or later, so gone on the morning of its second day.
    # Days counted in Paris, where the visit is planned: from 23 h UTC the server's date is a day behind.
    visit = make_visit(invited=network.poles[:2], start=today() + timedelta(days=5))
    visit.start_date = today() - timedelta(days=1)
    db.commit()
    login(network.facilitators[0])
    assert visit.title in client.get("/agenda").get_data(as_text=True)
    visit.start_date = today() - timedelta(days=2)
    db.commit()
    assert visit.title not in client.get("/agenda").get_data(as_text=True)


def test_a_visit_over_the_turn_of_a_month_is_listed_under_both_months(db, network, make_visit):
    """Its two days in two months: filed under each, as a session over two months (``agenda.queries``)."""
    from app.months import shift_month
    from app.visits.reading import upcoming_visits

    next_month = shift_month(date.today(), 2)
    visit = make_visit(start=next_month - timedelta(days=1))  # the last day of a month and the first of the next
    assert visit.id in {v.id for v in upcoming_visits(month=shift_month(next_month, -1))}
    assert visit.id in {v.id for v in upcoming_visits(month=next_month)}
    assert visit.id not in {v.id for v in upcoming_visits(month=shift_month(next_month, 1))}
