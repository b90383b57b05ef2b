"""In the pair's conversation one's own messages are signed « Vous », as the transfer's history says « Vous avez… »;
the other side's are signed with their name (the reader who saw her own name above her messages read it as someone
else's: the walk of 7 December)."""

from __future__ import annotations

import re

import pytest

from app.pair_space.conversation import post_message

pytestmark = pytest.mark.web


def _signatures(client, pair) -> list[str]:
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    return re.findall(r'<p class="meta"><strong>([^<]*)</strong>', page)


def test_each_reader_reads_vous_above_her_own_messages(client, db, login, relogin, pair):
    post_message(pairing=pair.pairing, author=pair.facilitator, body="Bonjour, voici nos disponibilités.",
                 idempotency_key="cle-du-premier-message")
    post_message(pairing=pair.pairing, author=pair.person, body="Merci, le 12 me convient.",
                 idempotency_key="cle-du-second-message")
    login(pair.facilitator)
    assert _signatures(client, pair) == ["Vous", pair.person.display_name]
    relogin(pair.person)
    assert _signatures(client, pair) == [pair.facilitator.display_name, "Vous"]
    relogin(pair.organiser)
    assert _signatures(client, pair) == [pair.facilitator.display_name, pair.person.display_name]
