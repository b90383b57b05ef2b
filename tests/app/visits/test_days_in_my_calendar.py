"""A registered pole finds the two days of a visit for its calendar (walk of 6 December 2026: « Les deux journées
sont dans votre agenda », but no file came with the mail and the page offered none; a new facilitator has no
calendar subscription, so the days were in no agenda at all)."""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.web


def _day_files(page: str) -> list[str]:
    return re.findall(r'href="(/seances/\d+\.ics)"', page)


def test_a_registered_pole_gets_a_calendar_file_for_each_day(client, login, csrf, network, make_visit):
    visit = make_visit(invited=network.poles[:1])
    login(network.facilitators[0])
    url = f"/visites/{visit.id}"
    assert _day_files(client.get(url).get_data(as_text=True)) == []  # invited, not yet registered
    page = html.unescape(client.post(f"{url}/inscription", data={"csrf_token": csrf(url)},
                                     follow_redirects=True).get_data(as_text=True))
    assert "sont dans votre agenda" not in page
    files = _day_files(page)
    assert files == [f"/seances/{day.id}.ics" for day in visit.sessions]
    answer = client.get(files[0])
    assert answer.status_code == 200 and b"BEGIN:VEVENT" in answer.data
    assert "abonnement d'agenda" in page


def test_the_host_gets_them_too(client, login, network, make_visit):
    visit = make_visit(invited=network.poles[:1])
    login(network.host_facilitator)
    assert _day_files(client.get(f"/visites/{visit.id}").get_data(as_text=True)) == [
        f"/seances/{day.id}.ics" for day in visit.sessions]


def test_the_mails_do_not_promise_an_agenda_they_do_not_fill():
    from pathlib import Path

    for name in ("mail_registered.txt", "mail_hosting.txt", "mail_promoted.txt"):
        text = (Path(__file__).parents[3] / "templates" / "visits" / name).read_text(encoding="utf-8")
        assert "votre agenda Entrepairs" not in text, name
