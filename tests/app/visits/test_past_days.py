"""A visit's days over read like a transfer's: « (passée) », no calendar file nor calendar subscription promised for
them; a visit entirely past says it took place (demo visit 1, held in October, still offered each day's .ics)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.visits import services
from models import utcnow

pytestmark = pytest.mark.web


def _shift_days(db, visit, days: int) -> None:
    for day in visit.sessions:
        day.starts_at -= timedelta(days=days)
        day.ends_at -= timedelta(days=days)
    db.commit()


def _page(client, visit) -> str:
    return re.sub(r"\s+", " ", html.unescape(client.get(f"/visites/{visit.id}").get_data(as_text=True)))


def test_a_visit_held_offers_no_calendar_file_and_says_it_took_place(client, login, db, network, make_visit):
    visit = make_visit(invited=network.poles[:1])
    services.register(visit_id=visit.id, pole_id=network.poles[0].id, user=network.facilitators[0])
    _shift_days(db, visit, 60)
    login(network.facilitators[0])
    page = _page(client, visit)
    assert page.count("(passée)") == 2 and "La visite a eu lieu." in page
    assert ".ics" not in page and "abonnement d'agenda" not in page


def test_a_visit_half_held_offers_the_file_of_the_day_to_come_only(client, login, db, network, make_visit):
    visit = make_visit(invited=network.poles[:1])
    services.register(visit_id=visit.id, pole_id=network.poles[0].id, user=network.facilitators[0])
    first, second = visit.sessions
    first.starts_at, first.ends_at = utcnow() - timedelta(hours=30), utcnow() - timedelta(hours=22)
    second.starts_at, second.ends_at = utcnow() + timedelta(hours=2), utcnow() + timedelta(hours=10)
    db.commit()
    login(network.host_facilitator)
    page = _page(client, visit)
    assert page.count("(passée)") == 1
    assert re.findall(r'href="(/seances/\d+\.ics)"', page) == [f"/seances/{second.id}.ics"]
    assert "La journée à venir figure aussi dans votre abonnement d'agenda" in re.sub(r"<[^>]+>", "", page)
    assert "La visite a eu lieu" not in page
