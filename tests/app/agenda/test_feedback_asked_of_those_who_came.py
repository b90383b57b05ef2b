"""A person the door noted absent is not asked to rate the session (lifecycle walk: Coorace noted the Loire Forez
absent from its webinar; the thanks mail went to the two who came, yet the Loire's page asked « Votre avis —
Utilité de la session pour votre pôle » and took a rating of a session it missed, as a learning visit never does)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.agenda import services
from models import CollectiveRegistration, Role, utcnow
from tests.app.agenda.held import set_slots_at

pytestmark = pytest.mark.web


def _held_with(db, publish, organiser, facilitator, make_user, make_pole):
    """A session over, with ``facilitator`` noted absent and another person noted present."""
    session = publish()
    came = make_user(Role.FACILITATOR, pole=make_pole("Pôle du Lauragais"))
    services.register(session_id=session.id, user=facilitator)
    present = services.register(session_id=session.id, user=came)
    set_slots_at(db, session, utcnow() - timedelta(days=1, hours=2))
    services.record_attendance(session=session, organiser=organiser, attended_ids={present.id})
    return session, came


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")


def test_the_page_of_someone_noted_absent_says_so_and_asks_nothing(client, db, login, publish, organiser,
                                                                 facilitator, make_user, make_pole):
    session, _ = _held_with(db, publish, organiser, facilitator, make_user, make_pole)
    login(facilitator)
    page = _text(client.get(f"/agenda/{session.id}"))
    assert "Votre absence à cette session a été notée" in page
    assert "dites-le à l'équipe qui l'organise" in page and organiser.email in page
    assert f'action="/agenda/{session.id}/avis"' not in page


def test_a_rating_from_someone_noted_absent_is_refused(client, db, login, csrf, publish, organiser, facilitator,
                                                     make_user, make_pole):
    session, _ = _held_with(db, publish, organiser, facilitator, make_user, make_pole)
    login(facilitator)
    url = f"/agenda/{session.id}"
    response = client.post(f"{url}/avis", data={"csrf_token": csrf(url), "usefulness": "5"}, follow_redirects=True)
    assert "l'avis est demandé aux personnes qui y sont venues" in _text(response)
    assert db.scalar(select(CollectiveRegistration.usefulness).where(
        CollectiveRegistration.user_id == facilitator.id)) is None


def test_the_person_noted_present_still_gives_hers(client, db, login, csrf, publish, organiser, facilitator,
                                                  make_user, make_pole):
    session, came = _held_with(db, publish, organiser, facilitator, make_user, make_pole)
    login(came)
    url = f"/agenda/{session.id}"
    assert f'action="/agenda/{session.id}/avis"' in _text(client.get(url))
    client.post(f"{url}/avis", data={"csrf_token": csrf(url), "usefulness": "4"})
    assert db.scalar(select(CollectiveRegistration.usefulness).where(
        CollectiveRegistration.user_id == came.id)) == 4


def test_the_person_noted_present_is_thanked_for_coming(client, db, login, publish, organiser, facilitator,
                                                        make_user, make_pole):
    """Walk 19: the person noted present read « Votre inscription à cette session était confirmée », as if she
    had not come; the one noted absent still reads it, above the word on her absence."""
    session, came = _held_with(db, publish, organiser, facilitator, make_user, make_pole)
    login(came)
    page = _text(client.get(f"/agenda/{session.id}"))
    assert "Votre <strong>présence</strong> à cette session est notée : merci d'être venu·e." in page
    assert "était <strong>confirmée</strong>" not in page
