"""A slot with a date and no hours is said beside it, never dropped in silence (walk of the organisers: the
session was published with its other slots only, without a word)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import CollectiveSession, utcnow

FORM = "/organisation/agenda/nouvelle"


@pytest.mark.web
def test_a_slot_without_hours_is_refused_beside_it(client, login, csrf, db, organiser):
    login(organiser)
    token = csrf(FORM)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', client.get(FORM).get_data(as_text=True)).group(1)
    day = (utcnow() + timedelta(days=40)).date().isoformat()
    data = {"csrf_token": token, "idempotency_key": key, "kind": "webinar", "title": "Webinaire fonds européens",
            "online": "1", "video_url": "https://visio.example.org/a", "timezone_region": "11", "capacity": "20",
            "audience": "all", "slots-0-day": day, "slots-0-start": "10:00", "slots-0-end": "11:00",
            "slots-1-day": day, "slots-1-start": "", "slots-1-end": ""}
    response = client.post(FORM, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert db.scalar(select(func.count()).select_from(CollectiveSession)) == 0  # not published without it
    beside = re.search(r'id="slots-1-end-erreur"[^>]*>(.*?)</', page, re.S)
    assert beside and html.unescape(beside.group(1)).strip() == "Indiquez l'heure de début et l'heure de fin du créneau."
