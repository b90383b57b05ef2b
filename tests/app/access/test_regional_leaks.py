"""The regional scope, generically: signed in as region A's CRA, every GET route of ``app.url_map`` (routes added
later are covered without touching this file), its URL parameters filled with the ids of region B's objects, plain,
with ``?region=<B>`` and, for the routes without parameters, with the query string forms read on GET
(``?need_id=…&hote=…``), shows none of region B's private texts (HTML, CSV, ICS, JSON); region B's own CRA finds
each of them on at least one page, so the test cannot pass by showing nothing. The same crawl as a pole's
facilitator of region A, and as a resource person and a lawyer who serve no pole of B: no private data of B either.

What the test treats as public, after ``app.access.policy``: a listed pole (``Pole.listed``: named to everyone by
``pole_sight``), its page and its needs' pages (``may_open_pole``: « those it may list… and its needs' »), so a
listed pole's need text is read by region A (the test checks it is: its crawl did reach region B); the network's
learning visit pages (title, place, programme); the resource persons' directory (validated persons: the national
pool) and the lawyers' cards; the
statistics, which count (``counted_in_figures``). Named data of region B (``may_see_region``, ``pole_sight``): an
unlisted pole, even its name; people's e-mail, phone and names; a transfer (request message, decision note,
conversation, objectives, experience sheet not yet published, feedback); a Juri-PTCE question; an accompaniment;
an eligibility record; a visit's feedback, a proposal to host one, and which poles of B answered an invitation
(``visit_pole_named_to``); a claim on a pole; a resource person not validated or refused, her name, texts and offers
(``may_decide_person``).
"""

from __future__ import annotations


import pytest
from flask import Flask

from models import Role
from tests.app.access.regional_world import REGION_B, RegionB, build_region_b, urls_with_region_b_ids
from tests.app.security.routes import World, build_world, log_in, rules

pytestmark = pytest.mark.web

#: Texts region B's CRA does not read by the policy, and who of region B reads them instead (still a positive
#: check: the row is built right and shown somewhere).
SHOWN_TO_THE_POLE_INSTEAD = {
    # Juri-PTCE is run by Coorace and RTES (``policy.runs_juri_ptce``): a CRA never reads a pole's questions.
    "Juri-PTCE question",
    # An experience sheet not yet published is the pole's draft: its form opens to the pole's facilitators only
    # (``pair_space.experiences``); organisers read it once the pair agreed to publish it.
    "unpublished experience sheet",
}


#: URL parameters the crawl does not point at region B, and why. A new route whose parameter is neither here nor
#: in ``RegionB.ids`` fails ``test_every_url_parameter_is_pointed_at_region_b``: give region B such an object.
NOT_REGIONAL = {
    "filename": "a static file",
    "token": "a secret link (confirmation, password, calendar feed): nobody holds another's",
    "number": "a theme of the national clustering of needs: national organisers only",
    "run_id": "a batch run: tests/app/security/test_routes.py crawls region B's runs",
}


@pytest.fixture
def region_b(db, make_user, make_pole, make_resource_person) -> tuple[World, RegionB]:
    world = build_world(db, make_user, make_pole, make_resource_person)
    return world, build_region_b(db, world, make_user=make_user, make_pole=make_pole,
                                 make_resource_person=make_resource_person)


def _urls(app: Flask, world: World, region: RegionB) -> list[str]:
    """Every GET route, each parameter tried with each of region B's ids (others: the crawler's values), plain and
    with ``?region=<B>``; the routes without parameters also with ``?hote=`` / ``?proposition=`` of region B."""
    urls = []
    for rule in rules(app, {"GET"}):
        for url in urls_with_region_b_ids(rule, world, region):
            urls += [url, f"{url}?region={REGION_B}"]
            if not rule.arguments:  # the forms a GET fills from its query string (a request, a visit's host…)
                urls.append(f"{url}?{region.query}")
    return urls


def _crawl(app: Flask, user, urls: list[str]) -> dict[str, str]:
    client = app.test_client()
    log_in(client, user)
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, (url, response.get_data(as_text=True)[:800])
        # An ICS file folds its lines at 75 octets: unfold them so that a text is found whole.
        bodies[url] = response.get_data(as_text=True).replace("\r\n ", "").replace("\n ", "")
        response.close()
    return bodies


def _leaks(bodies: dict[str, str], secrets: dict[str, str]) -> list[tuple[str, str]]:
    return sorted((what, url) for url, body in bodies.items() for what, token in secrets.items() if token in body)


def test_every_url_parameter_is_pointed_at_region_b(app, region_b):
    _, region = region_b
    unknown = {name for rule in rules(app, {"GET"}) for name in rule.arguments} - set(region.ids) - set(NOT_REGIONAL)
    assert unknown == set(), "point these at an object of region B in tests/app/access/regional_world.py"


def test_cra_of_region_a_reads_nothing_private_of_region_b(app, db, region_b):
    world, region = region_b
    urls = _urls(app, world, region)
    assert len(urls) > 150
    bodies = _crawl(app, region.cra_a, urls)
    assert _leaks(bodies, region.secrets) == []
    # The crawl did reach region B's objects: what is public of them is read.
    assert [what for what, token in region.public.items() if not any(token in b for b in bodies.values())] == []


def test_cra_of_region_b_reads_each_private_text_somewhere(app, db, region_b):
    """The positive side: every token is shown somewhere to region B's own CRA (or, for what the policy keeps from
    every CRA, to the pole's facilitator), so the leak test above cannot pass by seeing nothing."""
    world, region = region_b
    urls = _urls(app, world, region)
    bodies = _crawl(app, region.cra_b, urls)
    missing = [what for what, token in region.secrets.items()
               if what not in SHOWN_TO_THE_POLE_INSTEAD and not any(token in body for body in bodies.values())]
    assert missing == []
    pole_bodies = _crawl(app, region.facilitator_b, urls)
    for what in SHOWN_TO_THE_POLE_INSTEAD:
        assert any(region.secrets[what] in body for body in pole_bodies.values()), what


def test_facilitator_of_region_a_reads_nothing_private_of_region_b(app, db, region_b):
    """A pole's facilitator (region A) on every route pointed at region B's poles, needs, transfers, visits."""
    world, region = region_b
    assert _leaks(_crawl(app, world.users[Role.FACILITATOR], _urls(app, world, region)), region.secrets) == []


def test_resource_person_and_lawyer_serving_no_pole_of_region_b_read_nothing_private_of_it(
        app, db, region_b, make_user, make_resource_person):
    """They may open an unlisted pole's page when they serve it (``policy.may_open_pole``: a transfer, a Juri-PTCE
    booking), not any pole's by trying ids."""
    from models import LawyerProfile

    world, region = region_b
    lawyer = make_user(Role.LAWYER, email="autre-avocate@exemple.fr")
    db.add(LawyerProfile(user=lawyer, specialties="Droit des associations"))
    db.commit()
    urls = _urls(app, world, region)
    for user in (make_resource_person(region_code="53").user, lawyer):
        assert _leaks(_crawl(app, user, urls), region.secrets) == [], user.role
