"""The attendance page offers the form once the session has started; before, it says when (walk 4: the form was
offered ahead and every save was refused)."""

from __future__ import annotations

import html
from datetime import timedelta

from app.agenda import services
from models import Meeting, utcnow


def test_before_the_session_the_page_says_when_presences_can_be_noted(client, login, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    login(organiser)
    page = html.unescape(client.get(f"/organisation/agenda/{session.id}/presences").get_data(as_text=True))
    assert "Les présences se notent une fois la session commencée, à partir du" in page
    assert "Enregistrer les présences" not in page
    assert facilitator.display_name in page  # the registrations table is still there


def test_once_started_the_form_is_there(client, db, login, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    slot = db.get(Meeting, session.slots[0].id)
    slot.starts_at, slot.ends_at = utcnow() - timedelta(hours=2), utcnow() - timedelta(hours=1)
    db.commit()
    login(organiser)
    page = html.unescape(client.get(f"/organisation/agenda/{session.id}/presences").get_data(as_text=True))
    assert "Enregistrer les présences" in page and "se notent une fois" not in page
