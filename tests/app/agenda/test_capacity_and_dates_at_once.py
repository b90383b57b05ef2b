"""A number of places out of range and a wrong date are said together, each beside its field and in the summary
(walk 6: on « Modifier la session », 0 place hid a registration deadline after the first slot until the number
was corrected; publishing a session refused the past slot but not the 0 place, which the database then refused)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.agenda import services
from models import CollectiveSession, utcnow
from tests.app.agenda.conftest import draft
from tests.app.edit_forms import open_form

DEADLINE_LATE = "La date limite d'inscription doit précéder le premier créneau."
SEATS = "De 1 à 5\u00a0000 places."


def _error_beside(page: str, field_id: str) -> str:
    """The error message rendered in the field block of ``field_id`` (its ``aria-describedby`` target)."""
    match = re.search(rf'id="{field_id}-erreur"[^>]*>(.*?)</', page, re.S)
    return html.unescape(match.group(1)).strip() if match else ""


@pytest.mark.web
@pytest.mark.parametrize("places", ["0", "100000"])
def test_the_edit_form_says_the_places_and_the_deadline_at_once(client, login, db, publish, organiser, places):
    session = publish()
    login(organiser)
    url = f"/organisation/agenda/{session.id}/modifier"
    form = open_form(client, url)
    form["capacity"] = [places]
    form["deadline"] = [(session.starts_at + timedelta(days=3)).date().isoformat()]
    response = client.post(url, data=form)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Le formulaire contient 2\u00a0erreurs" in page
    assert _error_beside(page, "capacity") == SEATS
    assert _error_beside(page, "deadline") == DEADLINE_LATE
    summary = page.split('class="error-summary', 1)[1].split("</div>", 1)[0]
    assert f"Nombre de places\u00a0: {SEATS[0].lower()}{SEATS[1:]}" in summary
    assert f"Date limite d'inscription (facultative)\u00a0: {DEADLINE_LATE[0].lower()}{DEADLINE_LATE[1:]}" in summary
    db.expire_all()
    assert db.get(CollectiveSession, session.id).capacity == 30  # nothing saved


def test_publishing_refuses_the_places_with_the_past_slot(organiser):
    past = utcnow().replace(microsecond=0) - timedelta(days=1)
    with pytest.raises(services.AgendaRefused) as refused:
        services.publish(organiser=organiser, draft=draft(
            capacity=0, slots=[services.SlotTimes(past, past + timedelta(hours=1))]))
    assert {(p.field, p.message) for p in refused.value.problems} == {
        ("slots.0.starts_at", "La date et l'heure doivent être à venir."), ("capacity", SEATS)}
