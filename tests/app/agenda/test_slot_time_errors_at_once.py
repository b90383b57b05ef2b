"""A new slot time in the past with an end before its start: both errors at once (the walk of the organisers:
« la fin doit suivre le début » came first, « choisissez un moment à venir » only at the next send)."""

from __future__ import annotations

import pytest

from tests.app.html_parts import form_errors, page_html

pytestmark = pytest.mark.web


def test_a_past_day_and_an_end_before_the_start_are_said_together(client, login, csrf, publish, organiser):
    session = publish()
    login(organiser)
    url = f"/organisation/agenda/{session.id}/creneaux/{session.slots[0].id}"
    response = client.post(url, data={"csrf_token": csrf(url), "day": "2020-01-06", "start": "10:00", "end": "09:00"})
    assert response.status_code == 200
    beside, summary = form_errors(page_html(response))
    assert beside == {"day-erreur": "Choisissez un moment à venir.", "end-erreur": "La fin doit suivre le début."}
    assert len(summary) == 2


@pytest.mark.parametrize(("day", "start", "said"), [
    # « 0001-01-01 » at 0 h in Paris falls before UTC's year 1: it was a 500 (CI's hostile round, 7 December).
    ("0001-01-01", "00:00", "Choisissez un moment à venir."),
    # « 9999-12-31 »: a slip of the year (it was saved, a slot in the year 9999).
    ("9999-12-31", "23:00", "Cette date est dans plus de deux ans : vérifiez l'année."),
], ids=["first-day-a-calendar-holds", "last-day-a-calendar-holds"])
def test_a_day_at_either_end_of_the_calendar_is_said_beside_the_date(client, login, csrf, publish, organiser,
                                                                      day, start, said):
    session = publish()
    login(organiser)
    url = f"/organisation/agenda/{session.id}/creneaux/{session.slots[0].id}"
    end = f"{start[:3]}30"
    response = client.post(url, data={"csrf_token": csrf(url), "day": day, "start": start, "end": end})
    assert response.status_code == 200
    beside, _ = form_errors(page_html(response))
    assert beside == {"day-erreur": said}
