"""The connection link shows around one slot at a time, naming it, and goes once the last slot is over (walk 5:
three days after a webinar, its page still offered « Rejoindre la session en ligne » to the people registered;
a later walk: once the first of two slots a week apart was over, the button stayed the whole week, naming no slot,
as if the session were on)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from app.agenda import services
from app.agenda.join_link import join_link, link_shown
from tests.app.agenda.held import set_slots_at
from models import utcnow


def _page(client, session_id: int) -> str:
    text = re.sub(r"<[^>]+>", "", html.unescape(client.get(f"/agenda/{session_id}").get_data(as_text=True)))
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_link_shows_around_each_slot_and_goes_after_the_last(app, publish, facilitator):
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=2)),
                             services.SlotTimes(start + timedelta(days=7), start + timedelta(days=7, hours=2))])
    registration = services.register(session_id=session.id, user=facilitator)
    assert not link_shown(session, registration, now=start - timedelta(hours=4))
    assert join_link(session, registration, now=start - timedelta(hours=1)).number == 1
    assert link_shown(session, registration, now=start + timedelta(hours=1))  # the first slot running
    between = start + timedelta(days=1)
    assert not link_shown(session, registration, now=between)  # the first slot over, the second a week away
    assert join_link(session, registration, now=between).number == 2  # the page says whose link comes next
    assert join_link(session, registration, now=start + timedelta(days=7, hours=-1)).number == 2
    assert link_shown(session, registration, now=start + timedelta(days=7, hours=1))
    assert join_link(session, registration, now=start + timedelta(days=7, hours=3)) is None


def test_between_two_slots_the_page_says_which_slot_the_link_will_be_for(client, db, login, publish, facilitator):
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=2)),
                             services.SlotTimes(start + timedelta(days=7), start + timedelta(days=7, hours=2))])
    services.register(session_id=session.id, user=facilitator)
    first, second = session.slots
    first.starts_at, first.ends_at = utcnow() - timedelta(days=1, hours=2), utcnow() - timedelta(days=1)
    second.starts_at, second.ends_at = utcnow() + timedelta(days=6), utcnow() + timedelta(days=6, hours=2)
    db.commit()
    login(facilitator)
    page = _page(client, session.id)
    assert "Rejoindre la session en ligne" not in page, page
    assert "Le lien de connexion du créneau 2 apparaîtra ici quelques heures avant son début." in page

    second.starts_at, second.ends_at = utcnow() + timedelta(hours=1), utcnow() + timedelta(hours=3)
    db.commit()
    page = _page(client, session.id)
    assert "Rejoindre la session en ligne (créneau 2)" in page, page
    assert "apparaîtra ici" not in page


def test_once_over_the_page_neither_offers_the_link_nor_promises_it(client, db, login, publish, facilitator):
    """After the session the card said « Le lien de connexion apparaîtra ici quelques heures avant le début »."""
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    set_slots_at(db, session, utcnow() - timedelta(days=3, hours=2))
    login(facilitator)
    page = _page(client, session.id)
    assert "Votre inscription à cette session était confirmée." in page
    assert "Rejoindre la session en ligne" not in page and "apparaîtra ici" not in page
