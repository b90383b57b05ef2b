"""The connection link goes once the last slot is over (walk 5: three days after a webinar, its page still offered
« Rejoindre la session en ligne » to the people registered)."""

from __future__ import annotations

from datetime import timedelta

from app.agenda import services
from models import utcnow


def test_the_link_shows_between_two_slots_and_goes_after_the_last(app, publish, facilitator):
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=2)),
                             services.SlotTimes(start + timedelta(days=2), start + timedelta(days=2, hours=2))])
    registration = services.register(session_id=session.id, user=facilitator)
    assert services.link_shown(session, registration, now=start + timedelta(days=1))  # between the two slots
    assert services.link_shown(session, registration, now=start + timedelta(days=2, hours=1))
    assert not services.link_shown(session, registration, now=start + timedelta(days=2, hours=3))
