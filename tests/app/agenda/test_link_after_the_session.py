"""The connection link goes once the last slot is over (walk 5: three days after a webinar, its page still offered
« Rejoindre la session en ligne » to the people registered)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from app.agenda import services
from tests.app.agenda.held import set_slots_at
from models import utcnow


def test_the_link_shows_between_two_slots_and_goes_after_the_last(app, publish, facilitator):
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=2)),
                             services.SlotTimes(start + timedelta(days=2), start + timedelta(days=2, hours=2))])
    registration = services.register(session_id=session.id, user=facilitator)
    assert services.link_shown(session, registration, now=start + timedelta(days=1))  # between the two slots
    assert services.link_shown(session, registration, now=start + timedelta(days=2, hours=1))
    assert not services.link_shown(session, registration, now=start + timedelta(days=2, hours=3))


def test_once_over_the_page_neither_offers_the_link_nor_promises_it(client, db, login, publish, facilitator):
    """After the session the card said « Le lien de connexion apparaîtra ici quelques heures avant le début »."""
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    set_slots_at(db, session, utcnow() - timedelta(days=3, hours=2))
    login(facilitator)
    page = re.sub(r"<[^>]+>", "", html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True)))
    assert "Votre inscription à cette session était confirmée." in page
    assert "Rejoindre la session en ligne" not in page and "apparaîtra ici" not in page
