"""A facilitator whose pole is not invited reads why there is nothing to do, and who can change it (walk 5: the page
of the visit ended on the counts, with no button and no word: a dead end)."""

from __future__ import annotations

import html

import pytest

pytestmark = pytest.mark.web

NOT_INVITED = "Cette visite se fait sur invitation et votre pôle n'y est pas invité."


def test_a_pole_not_invited_is_told_how_to_take_part(client, login, network, make_visit):
    visit = make_visit(invited=network.poles[:2])
    login(network.facilitators[2])
    page = html.unescape(client.get(f"/visites/{visit.id}").get_data(as_text=True))
    assert NOT_INVITED in page and network.organiser.display_name in page


@pytest.mark.parametrize("who", ["invited", "host"])
def test_an_invited_pole_and_the_host_do_not_read_it(client, login, network, make_visit, who):
    visit = make_visit(invited=network.poles[:2])
    login(network.facilitators[0] if who == "invited" else network.host_facilitator)
    assert NOT_INVITED not in html.unescape(client.get(f"/visites/{visit.id}").get_data(as_text=True))
