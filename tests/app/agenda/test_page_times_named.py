"""A session's page names the zones of its times, as its mails do (walk of a new facilitator in Guadeloupe).

It read « de 5 h à 7 h (heure de votre fuseau ; sur place : 10 h) » for a webinar: no place, half a range, and
« votre fuseau » where the Juri-PTCE pages say « heure de la Guadeloupe ». The agenda's list said no zone at all.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.agenda import services
from models import Role
from tests.app.far_dates import next_january_tuesday
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web

NBSP = "\u00a0"


def _at(hour: int) -> services.SlotTimes:
    start = datetime.combine(next_january_tuesday(), datetime.min.time()).replace(hour=hour)  # UTC
    return services.SlotTimes(start, start + timedelta(hours=2))


def _text(client, url: str) -> str:
    return page_html(client.get(url)).replace(NBSP, " ").replace("&#39;", "'")


def test_a_webinar_read_in_guadeloupe_says_both_zones_and_no_place(client, login, publish, make_user, make_pole):
    session = publish(slots=[_at(13)])  # 14 h in Paris, 9 h in Guadeloupe
    reader = make_user(Role.FACILITATOR, pole=make_pole("Pôle Koudmen", region_code="01"))
    reader.timezone = "America/Guadeloupe"
    login(reader)
    page = _text(client, f"/agenda/{session.id}")
    assert "de 9 h à 11 h (heure de la Guadeloupe ; heure de Paris : de 14 h à 16 h)" in page
    assert "votre fuseau" not in page and "sur place" not in page
    assert "Heures affichées à l'heure de la Guadeloupe." in _text(client, "/agenda")


def test_a_day_in_martinique_read_in_paris_says_the_time_on_site(client, login, publish, facilitator):
    session = publish(slots=[_at(13)], online=False, video_url=None, place="Fort-de-France",
                      timezone="America/Martinique")
    login(facilitator)
    page = _text(client, f"/agenda/{session.id}")
    assert "de 14 h à 16 h (heure de Paris ; sur place, heure de la Martinique : de 9 h à 11 h)" in page


def test_another_day_there_gives_its_date(client, login, publish, facilitator):
    session = publish(slots=[_at(21)], online=False, video_url=None, place="Saint-Denis",
                      timezone="Indian/Reunion")  # 22 h to midnight in Paris, 1 h to 3 h the next day in La Réunion
    login(facilitator)
    wednesday = next_january_tuesday() + timedelta(days=1)
    page = _text(client, f"/agenda/{session.id}")
    assert (f"de 22 h à minuit (heure de Paris ; sur place, heure de La Réunion : "
            f"mercredi {wednesday.day} janvier {wednesday.year} de 1 h à 3 h)") in page
