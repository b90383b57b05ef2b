"""What a registered person reads of a session of one slot or of several: « la session » or « ses N créneaux »,
never « les créneaux » of a single one; the calendar page names collective sessions among what it carries (walk 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.agenda import services
from models import OutboxMessage, utcnow
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def _register(client, csrf, session) -> str:
    token = csrf(f"/agenda/{session.id}")
    return page_html(client.post(f"/agenda/{session.id}/inscription", data={"csrf_token": token},
                       follow_redirects=True))


def _mail_to(db, user) -> str:
    return db.scalars(select(OutboxMessage.body).where(OutboxMessage.recipient_id == user.id)).one()


def test_one_slot_is_the_session(client, login, csrf, db, publish, facilitator):
    session = publish()
    login(facilitator)
    page = _register(client, csrf, session)
    assert "La session figure dans le fichier reçu par e-mail" in page
    assert 'href="/calendrier/">abonnement d' in page
    # Walk 19: not everyone has a subscription; said as the page of a learning visit says it.
    assert "abonnement d'agenda</a>, si vous en avez un." in page.replace("&#39;", "'")
    assert "Les créneaux" not in page
    body = _mail_to(db, facilitator)
    assert "ajoute la session à votre agenda" in body and "les créneaux" not in body


def test_several_slots_are_counted(client, login, csrf, db, publish, facilitator):
    start = utcnow().replace(microsecond=0) + timedelta(days=10)
    session = publish(slots=[services.SlotTimes(start + timedelta(days=d), start + timedelta(days=d, hours=2))
                             for d in (0, 7)])
    login(facilitator)
    assert "Ses 2\u00a0créneaux figurent dans le fichier reçu par e-mail" in _register(client, csrf, session)
    assert "ajoute ses 2\u00a0créneaux à votre agenda" in _mail_to(db, facilitator)


def test_the_calendar_page_names_collective_sessions(client, login, facilitator):
    login(facilitator)
    assert "sessions collectives de l" in page_html(client.get("/calendrier/"))
