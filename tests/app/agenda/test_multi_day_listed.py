"""A session over several days (slots on different days, or one slot lasting days) stays on the agenda until its
last planned slot is over — it left the list 12 hours after its first day, the second still to come."""

from __future__ import annotations

import html
from datetime import timedelta

from icalendar import Calendar

from app.agenda import cancellation, queries, services
from tests.app.agenda.slot_helpers import two_slots

REASON = "La salle n'est plus libre ce jour-là ; tout se tiendra au premier créneau."


def _listed(session, now) -> bool:
    return session.id in {s.id for s in queries.agenda(queries.AgendaFilters(), now=now)}


def test_a_session_on_two_days_stays_listed_between_them_and_leaves_after_the_last(db, publish):
    session = publish(slots=two_slots())
    first, second = session.slots
    assert _listed(session, first.starts_at + timedelta(days=1))
    assert _listed(session, second.starts_at + timedelta(hours=1))
    # The evening after, it still reads « Session passée », as a webinar of one afternoon always did; not the day after.
    assert _listed(session, second.starts_at + timedelta(hours=11))
    assert not _listed(session, second.starts_at + timedelta(hours=13))


def test_one_slot_lasting_three_days_stays_listed_until_it_ends(db, publish):
    start = two_slots()[0].starts_at
    session = publish(slots=[services.SlotTimes(start, start + timedelta(days=3))])
    assert _listed(session, start + timedelta(days=2))
    assert not _listed(session, start + timedelta(days=3, minutes=1))


def test_a_cancelled_last_day_does_not_keep_the_session_listed(db, publish, organiser):
    session = publish(slots=two_slots())
    first, second = session.slots
    cancellation.cancel_slot(session_id=session.id, slot_id=second.id, organiser=organiser, reason=REASON)
    assert _listed(session, first.starts_at + timedelta(hours=11))
    assert not _listed(session, first.starts_at + timedelta(days=1))


def test_the_page_and_the_public_feed_keep_a_session_whose_second_day_is_to_come(client, db, publish):
    """The calendar and ``/agenda.ics`` read the same rule: on the day between, both still carry the session."""
    from models import utcnow
    session = publish(title="Rencontre régionale sur deux jours", slots=two_slots())
    first, second = session.slots
    day_one = (utcnow() - timedelta(days=2)).replace(microsecond=0)
    first.starts_at, first.ends_at = day_one, day_one + timedelta(hours=7)
    second.starts_at, second.ends_at = day_one + timedelta(days=3), day_one + timedelta(days=3, hours=7)
    db.commit()

    listing = html.unescape(client.get("/agenda").get_data(as_text=True))
    card = listing[listing.index("Rencontre régionale sur deux jours"):][:1200]
    assert "Inscriptions closes" in card and "places restantes" not in card  # begun: nobody registers any more
    feed = Calendar.from_ical(client.get("/agenda.ics").data)
    summaries = [str(e["SUMMARY"]) for e in feed.walk("VEVENT")]
    assert sum("Rencontre régionale sur deux jours" in s for s in summaries) == 2


def test_a_session_between_its_days_shows_its_next_slot_not_its_first_day(client, db, publish):
    """Between its days the card said only the first day, already past, as if the session were over: it says it is
    under way and when the next slot begins (``queries.under_way``), the single rule the card reads."""
    from app.templating import format_datetime
    from models import utcnow
    session = publish(title="Rencontre régionale sur deux jours", slots=two_slots())
    first, second = session.slots
    day_one = (utcnow() - timedelta(days=2)).replace(microsecond=0)
    first.starts_at, first.ends_at = day_one, day_one + timedelta(hours=7)
    second.starts_at, second.ends_at = day_one + timedelta(days=3), day_one + timedelta(days=3, hours=7)
    db.commit()

    at = queries.under_way(session, utcnow())
    assert at is not None and at.slot.id == second.id and (at.number, at.of) == (2, 2)
    assert queries.under_way(session, day_one - timedelta(hours=1)) is None  # not begun: its first day is the next
    assert queries.under_way(session, second.ends_at) is None  # over

    listing = html.unescape(client.get("/agenda").get_data(as_text=True))
    card = listing[listing.index("Rencontre régionale sur deux jours"):][:1200]
    assert "En cours depuis le" in card
    assert f"prochain créneau (2 sur 2)\u00a0: {format_datetime(second.starts_at)}" in card
    assert "Session passée" not in card
