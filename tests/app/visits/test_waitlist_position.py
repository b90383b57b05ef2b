"""A pole on a visit's waitlist reads where it stands (« 2ᵉ position »), as a person on a session's waitlist does
(walk 19), counted by the rule of every waitlist (``app.scheduling.seats.waitlist_position``)."""

from __future__ import annotations

import html

import pytest

from tests.app.html_parts import page_text

pytestmark = pytest.mark.web


def _page(client, visit) -> str:
    return page_text(client.get(f"/visites/{visit.id}"))


def test_each_waitlisted_pole_reads_its_position_and_moves_up_when_one_ahead_leaves(client, login, relogin, csrf, network,
                                                                                    make_visit):
    visit = make_visit(capacity=1)
    url = f"/visites/{visit.id}"
    login(network.facilitators[0])
    for n, facilitator in enumerate(network.facilitators):
        if n:
            relogin(facilitator)
        answer = client.post(f"{url}/inscription", data={"csrf_token": csrf(url)}, follow_redirects=True)
    said = html.unescape(answer.get_data(as_text=True)).replace("\u00a0", " ")
    assert "votre pôle est en liste d'attente (2ᵉ position)" in said

    page = _page(client, visit)  # the third pole: second on the waitlist
    assert "Statut : <strong>En liste d'attente</strong> (2ᵉ position)" in page
    assert "Si une place se libère, elle revient à votre pôle" in page

    relogin(network.facilitators[1])
    assert "(1ʳᵉ position)" in _page(client, visit)
    client.post(f"{url}/desistement", data={"csrf_token": csrf(url), "confirmed": "1"})

    relogin(network.facilitators[2])
    assert "(1ʳᵉ position)" in _page(client, visit)

    relogin(network.facilitators[0])  # registered: no position
    assert " position)" not in _page(client, visit)
