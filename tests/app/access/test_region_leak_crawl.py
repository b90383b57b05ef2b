"""A leak audit on the demo network (``demo_world``): as a visitor, the CRA of Auvergne-Rhône-Alpes and that of
Occitanie, a pole's facilitator, a mentor (resource person) and a lawyer, read every page reachable by links (GET
forms filled in: searches, filters, pagination), each again with ``?region=`` of other regions and others'
``?need_id=…``, and every GET route of ``app.url_map`` pointed at others' objects (``leak_crawl.audit``); no page
(HTML, CSV, ICS, JSON) shows a private text the person may not read (``private_texts.may_read``), and the crawl does
read, somewhere, each kind of private text the person may read.

The private texts are read from the database (``private_texts.private_texts``), not written here; what the policy
makes public is not looked for (``private_texts`` module docstring). Three exceptions, each with its reason:

- a text the viewer searched for, on the page of that search: the page repeats the words typed (« Aucun résultat
  pour … »), which tells nothing of the database;
- a private text identical to a text the viewer may read (the same greeting in two transfers), or a run of words a
  public text holds (a day's report quoting the offer it follows): ``fragment`` takes another run, or none;
- the poles that answered a visit's invitation, or whose people came to the collective sessions, are looked for only
  on the visit's pages and on the organisers' review of the sessions: their names are public everywhere else.

The demo takes a minute to load and each crawl half a minute (some 1 400 addresses per person): too long for every
run of the suite. Run it with ``ENTREPAIRS_LEAK_AUDIT=1``; ``test_region_leak_guard`` runs the same audit on the small
regional world at every run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from app.demo import DEMO_PASSWORD
from app.extensions import db
from tests.app.access.demo_world import CRA_AURA, CRA_OCCITANIE, FACILITATOR_LIVRADOIS, LAWYER, MENTOR, REGIONS, \
    build_demo_app
from tests.app.access.leak_crawl import Audit, audit
from tests.app.access.private_texts import may_read

if not os.environ.get("ENTREPAIRS_LEAK_AUDIT"):
    pytest.skip("audit de fuite sur la démo, long : ENTREPAIRS_LEAK_AUDIT=1", allow_module_level=True)

pytestmark = [pytest.mark.web, pytest.mark.slow]

_TRANSFER = {"transfer request message", "transfer conversation", "transfer objective"}
#: Who is crawled, and the kinds of private texts each must find somewhere (the crawl reached them).
PEOPLE: dict[str | None, set[str]] = {
    None: set(),
    CRA_AURA: _TRANSFER | {
        "transfer day report", "transfer feedback comment", "accompaniment note", "claim on a pole", "visit feedback",
        "visit host proposal", "facilitator e-mail", "facilitator name", "unlisted pole name",
        "unlisted pole's need title", "resource person e-mail", "pole's answer to a visit invitation",
        "pole's people at a collective session"},
    CRA_OCCITANIE: _TRANSFER | {"transfer decision note", "accompaniment note", "claim on a pole",
                                "visit host proposal", "unlisted pole name", "facilitator e-mail"},
    FACILITATOR_LIVRADOIS: _TRANSFER | {"visit host proposal", "Juri-PTCE question", "resource person e-mail"},
    MENTOR: _TRANSFER,
    LAWYER: set(),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = build_demo_app(tmp_path_factory.mktemp("leak-crawl"))
    yield app
    with app.app_context():
        db.session.close()
        db.engine.dispose()


@pytest.fixture(scope="module")
def audits(demo) -> dict[str | None, Audit]:
    """Each person's audit, made once for the module's tests."""
    return {}


def _audit(audits: dict[str | None, Audit], app: Flask, email: str | None) -> Audit:
    if email not in audits:
        started = time.monotonic()
        audits[email] = audit(app, email, DEMO_PASSWORD, regions=REGIONS)
        crawl = audits[email].crawl
        print(f"\n{email}: {len(crawl.pages)} adresses, {sum(crawl.read.values())} lues (200) sur "
              f"{len(crawl.read)} routes, {dict(crawl.statuses)}, {time.monotonic() - started:.1f} s")
    return audits[email]


@pytest.mark.parametrize("email", list(PEOPLE), ids=lambda email: (email or "visiteur").split("@")[0])
def test_no_page_shows_a_private_text_the_person_may_not_read(audits, demo, email):
    found = _audit(audits, demo, email)
    assert len(found.pages) > 300 and found.crawl.statuses[200] > 100
    assert found.leaks() == [], "\n" + found.report()


@pytest.mark.parametrize("email", [email for email, kinds in PEOPLE.items() if kinds],
                         ids=lambda email: email.split("@")[0])
def test_the_crawl_reads_each_kind_of_private_text_the_person_may_read(audits, demo, email):
    """The positive side: the crawl cannot pass by reading nothing."""
    found = _audit(audits, demo, email)
    everything = "\n".join(found.pages.values())
    own = {p.what for p in found.privates if p.what in PEOPLE[email] and may_read(found.viewer, p)}
    read = {p.what for p in found.privates if p.what in own and p.text in everything}
    assert (own, read) == (PEOPLE[email], PEOPLE[email])
