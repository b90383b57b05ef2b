"""Joining the waitlist of a full national day: the message said « vous êtes en liste d'attente » and not where, so
the twentieth in line read it as the first (walk of a national day at scale)."""

from __future__ import annotations

import html

from app.agenda import services
from models import Role


def test_joining_the_waitlist_says_ones_rank(client, login, csrf, publish, make_user, make_pole):
    session = publish(capacity=1)
    for _ in range(3):  # one seated, two waiting before
        services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole()))
    late = make_user(Role.FACILITATOR, pole=make_pole())
    login(late)
    url = f"/agenda/{session.id}"
    response = client.post(f"{url}/inscription", data={"csrf_token": csrf(url)}, follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")
    assert "La session est complète : vous êtes en liste d'attente (3ᵉ position)." in page
    assert "Vous êtes <strong>en liste d'attente</strong> (3ᵉ position)" in page  # said again, under the flash
