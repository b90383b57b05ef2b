"""The same session form sent twice (double click, or Back then « Publier » again) publishes one session."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.agenda import services
from models import CollectiveSession, Meeting, OutboxMessage, Role, utcnow
from tests.app.agenda.conftest import draft
from tests.app.html_parts import page_text

FORM = "/organisation/agenda/nouvelle"


def _counts(db) -> tuple[int, int, int]:
    return (db.scalar(select(func.count(CollectiveSession.id))), db.scalar(select(func.count(Meeting.id))),
            db.scalar(select(func.count(OutboxMessage.id))))


def test_the_same_key_twice_publishes_one_session(db, organiser):
    first = services.publish(organiser=organiser, draft=draft(), idempotency_key="cle-session-1")
    before = _counts(db)
    again = services.publish(organiser=organiser, draft=draft(), idempotency_key="cle-session-1")
    assert again.id == first.id
    assert _counts(db) == before == (1, 1, before[2])  # one session, its one slot, nobody told twice
    other = services.publish(organiser=organiser, draft=draft(), idempotency_key="cle-session-2")
    assert other.id != first.id  # another form publishes another session


def test_another_organisers_key_is_refused(db, organiser, make_user):
    services.publish(organiser=organiser, draft=draft(), idempotency_key="cle-session-1")
    with pytest.raises(services.AgendaRefused, match="Ce formulaire a déjà servi"):
        services.publish(organiser=make_user(Role.ORGANISER), draft=draft(), idempotency_key="cle-session-1")


def _form_data(page: str, token: str) -> dict[str, object]:
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    return {"csrf_token": token, "idempotency_key": key, "kind": "webinar", "title": "Scic et PTCE",
            "online": "1", "video_url": "https://visio.example.org/scic", "timezone_region": "11", "capacity": "40",
            "audience": "all", "slots-0-day": (utcnow() + timedelta(days=20)).date().isoformat(),
            "slots-0-start": "10:00", "slots-0-end": "11:30"}


def test_the_form_sent_again_after_back_publishes_once(client, login, csrf, db, organiser):
    login(organiser)
    token = csrf(FORM)
    data = _form_data(client.get(FORM).get_data(as_text=True), token)
    first = client.post(FORM, data=data)
    again = client.post(FORM, data=data)  # Back, then « Publier » once more
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert db.scalar(select(func.count(CollectiveSession.id))) == 1
    assert "La session est publiée dans l'agenda." in page_text(client.get(again.headers["Location"]))


def test_a_form_shown_again_with_errors_keeps_its_key(client, login, csrf, organiser):
    login(organiser)
    token = csrf(FORM)
    data = _form_data(client.get(FORM).get_data(as_text=True), token)
    page = client.post(FORM, data={**data, "capacity": "0"}).get_data(as_text=True)
    assert f'name="idempotency_key" value="{data["idempotency_key"]}"' in page
    fresh = client.get(FORM).get_data(as_text=True)
    assert f'value="{data["idempotency_key"]}"' not in fresh  # each form shown gets its own
