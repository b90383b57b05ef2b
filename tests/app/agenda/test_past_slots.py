"""A session of several slots, some over: those read « (passé) » and the registered person's sentence counts the
slots still to come in their calendar (the same rule as a transfer's and a visit's days: scheduling/meeting_pages)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.agenda import services
from models import utcnow

pytestmark = pytest.mark.web


def test_slots_over_read_passe_and_are_not_counted_as_coming(client, login, db, publish, facilitator):
    start = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    session = publish(slots=[services.SlotTimes(start + timedelta(days=n), start + timedelta(days=n, hours=2))
                             for n in range(3)])
    services.register(session_id=session.id, user=facilitator)
    first = session.slots[0]
    first.starts_at, first.ends_at = utcnow() - timedelta(hours=5), utcnow() - timedelta(hours=3)
    db.commit()
    login(facilitator)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True))))
    assert page.count("(passé)") == 1
    assert "Ses 2 créneaux à venir figurent dans le fichier reçu par e-mail" in page
    assert "Ses 3 créneaux figurent" not in page
