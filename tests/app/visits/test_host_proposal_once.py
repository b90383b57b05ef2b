"""A pole's proposal to host a visit, its form sent twice (a double click, Back then send again): one proposal,
the organisers told once (before, two proposals each mailed to Coorace, Avise and the region's CRA). Two at the
same instant: ``test_concurrency``."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.visits import hosting
from models import OutboxMessage, VisitHostProposal
from tests.app.visits.hosting_world import WHAT_TO_SEE, HostingWorld, proposal_data

pytestmark = pytest.mark.web

FORM = "/visites/proposer-un-accueil"


def _count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_the_same_form_sent_twice_proposes_once(client, login, db, hosting_world):
    w: HostingWorld = hosting_world
    login(w.facilitator)
    page = client.get(FORM).get_data(as_text=True)
    assert "data-once-key" in page
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    sent = {"csrf_token": token, "idempotency_key": key, "themes": ["alimentation"], "what_to_see": WHAT_TO_SEE,
            "periods": "Au printemps", "first_month": "", "last_month": "", "visitors": "12"}
    first = client.post(FORM, data=sent)
    mails = _count(db, OutboxMessage)
    again = client.post(FORM, data=sent)  # Back, then « Envoyer la proposition » again
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert _count(db, VisitHostProposal) == 1
    assert _count(db, OutboxMessage) == mails > 0


def test_another_persons_form_key_is_refused(db, hosting_world, make_user):
    w: HostingWorld = hosting_world
    hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data(), idempotency_key="cle")
    with pytest.raises(hosting.HostProposalRefused, match="déjà servi"):
        hosting.propose_hosting(pole=w.other_pole, author=w.other_facilitator, data=proposal_data(),
                                idempotency_key="cle")
    assert _count(db, VisitHostProposal) == 1


def test_forms_without_a_key_still_propose(db, hosting_world):
    w: HostingWorld = hosting_world
    for _ in range(2):  # a page older than the field, or the service called directly
        hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    assert _count(db, VisitHostProposal) == 2
