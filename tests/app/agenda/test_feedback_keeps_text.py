"""Feedback sent without a mark comes back with the error beside the marks and the text as typed (walk 5: the page
redirected with a banner and the text of « Ce que vous allez réutiliser » was lost)."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import select

from app.agenda import services
from tests.app.agenda.held import set_slots_at
from models import CollectiveRegistration, utcnow

TYPED = "La grille d'analyse des postes <mutualisés> 🚀"


def test_feedback_without_a_mark_keeps_what_was_typed(client, db, login, csrf, publish, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    set_slots_at(db, session, utcnow() - timedelta(days=1, hours=2))
    login(facilitator)
    url = f"/agenda/{session.id}"
    response = client.post(f"{url}/avis", data={"csrf_token": csrf(url), "will_reuse": TYPED})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Le formulaire contient une erreur" in page and "Choisissez une note de 1 à 5." in page
    assert TYPED in page[page.index('id="will_reuse"'):]
    assert db.scalar(select(CollectiveRegistration.usefulness)) is None
