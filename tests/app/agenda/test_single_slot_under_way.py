"""A session of one slot under way reads « En cours » on its card (walk of the organisers: it read its start and
« Inscriptions closes », as a session to come whose registrations had closed). ``queries.under_way`` skipped single
slots because there is no slot to number; that held for the number, not for saying it is under way."""

from __future__ import annotations

import html
from datetime import timedelta

from app.agenda import queries
from app.templating import format_datetime
from models import utcnow
from tests.app.agenda.held import set_slots_at


def test_a_single_slot_under_way_reads_in_progress(client, db, publish):
    session = publish(title="Webinaire en direct")
    begun = (utcnow() - timedelta(minutes=30)).replace(microsecond=0)
    set_slots_at(db, session, begun)

    at = queries.under_way(session, utcnow())
    assert at is not None and (at.number, at.of) == (1, 1)
    assert queries.under_way(session, begun - timedelta(minutes=1)) is None  # not begun
    assert queries.under_way(session, begun + timedelta(hours=2)) is None  # over

    listing = html.unescape(client.get("/agenda").get_data(as_text=True))
    card = listing[listing.index("Webinaire en direct"):][:1200]
    assert f"En cours, commencé le {format_datetime(begun)}" in card
    assert "créneau 1 sur 1" not in card and "Session passée" not in card


def test_a_single_slot_to_come_still_reads_its_date(client, db, publish):
    session = publish(title="Webinaire à venir")
    set_slots_at(db, session, (utcnow() + timedelta(days=3)).replace(microsecond=0))
    assert queries.under_way(session, utcnow()) is None
    card = html.unescape(client.get("/agenda").get_data(as_text=True))
    assert "En cours" not in card[card.index("Webinaire à venir"):][:1200]
