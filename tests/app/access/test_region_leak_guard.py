"""The leak audit of ``test_region_leak_crawl`` (``leak_crawl.audit``) at every run, on the small regional world of
``test_regional_leaks`` (``regional_world``: region B's poles, transfers, visits, Juri-PTCE booking, accompaniments,
claim): as region A's CRA, a pole's facilitator of region A and a resource person, every page reached by links and
GET forms (searches, filters), with ``?region=`` of region B, and every GET route pointed at region B's objects,
shows no private text of the database the person may not read (``private_texts.may_read``); the CRA reads those of
its own region's somewhere.

``test_regional_leaks`` looks for tokens written into region B's rows; this guard reads what is private from the
database, and reaches pages by their links and forms (a filter's choices, a search for another region's names).
"""

from __future__ import annotations

import pytest

from models import Role
from tests.app.access.leak_crawl import audit
from tests.app.access.private_texts import may_read
from tests.app.access.regional_world import REGION_A, REGION_B, build_region_b
from tests.app.security.routes import build_world
from tests.conftest import PASSWORD

pytestmark = pytest.mark.web


@pytest.fixture
def regions(db, make_user, make_pole, make_resource_person):
    world = build_world(db, make_user, make_pole, make_resource_person)
    region = build_region_b(db, world, make_user=make_user, make_pole=make_pole,
                            make_resource_person=make_resource_person)
    return world, region


@pytest.mark.parametrize("who", ["CRA", "animatrice", "personne ressource"])
def test_no_page_shows_a_private_text_of_the_other_region(app, regions, who):
    world, region = regions
    viewer = {"CRA": region.cra_a, "animatrice": world.users[Role.FACILITATOR],
              "personne ressource": world.users[Role.RESOURCE_PERSON]}[who]
    found = audit(app, viewer.email, PASSWORD, regions=[REGION_A, REGION_B], most_per_endpoint=6, most_per_rule=6)
    assert found.crawl.statuses[200] > 40
    assert found.leaks() == [], "\n" + found.report()
    if who == "CRA":  # the positive side: its own region's transfer, pole and person to validate are read
        own = {p.what for p in found.privates if may_read(found.viewer, p) and any(
            p.text in page for page in found.pages.values())}
        assert {"transfer conversation", "facilitator e-mail", "unvalidated resource person headline"} <= own, own
