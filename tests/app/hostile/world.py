"""The hostile test's world and crawl: the route crawler's world (``tests.app.security.routes``) with region B's
rows of every kind (``tests.app.access.regional_world``) and a batch run, crawled as each of its users; the crawl
keeps, for every POST rule, every form posting to it and the user shown it (the first one that its page still
shows when the rule's turn comes is the one sent hostile values)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from sqlalchemy import select

from models import Pairing, ResourcePerson, User
from models.resource_person import MAX_YEARLY_CAPACITY
from tests.app.access.regional_world import RegionB, build_region_b, urls_with_region_b_ids
from tests.app.hostile.extras import add_extras
from tests.app.hostile.forms import Form, forms_of, rule_of
from tests.app.security.routes import World, build_world, regional_rows, rules
from tests.conftest import PASSWORD, extract_csrf


@dataclass
class Found:
    """Who was shown a form posting to a rule, and the form."""

    user: User | None
    form: Form
    client: FlaskClient


@dataclass
class Crawl:
    users: list[User | None]
    #: POST rule's endpoint → every form found posting to it, in the order of the crawl.
    forms: dict[str, list[Found]] = field(default_factory=dict)
    pages: int = 0


def build(db, make_user, make_pole, make_resource_person) -> tuple[World, RegionB, list[User | None], list[str]]:
    """The world, region B, and the users to crawl as: the owners of region B's rows first (its facilitator, its
    resource person, its CRA), then every role of the world, then nobody signed in (the other users of the world
    are shown no form these are not)."""
    world = build_world(db, make_user, make_pole, make_resource_person)
    region = build_region_b(db, world, make_user=make_user, make_pole=make_pole,
                            make_resource_person=make_resource_person)
    regional_rows(db, region="76", label="Occitanie", make_user=make_user, make_pole=make_pole,
                  make_resource_person=make_resource_person)
    queries = add_extras(db, world, region, make_user=make_user, make_pole=make_pole, make_resource_person=make_resource_person)
    person_b = db.get(Pairing, region.ids["pairing_id"][0]).resource_person.user
    # Rounds of hostile values may leave valid requests behind: a resource person's year full, her request form
    # gives way to « n'a plus de disponibilité cette année », and no later round would find it.
    for person in db.scalars(select(ResourcePerson)):
        person.yearly_capacity = MAX_YEARLY_CAPACITY
    db.commit()
    return world, region, [region.facilitator_b, person_b, region.cra_b, *world.users.values(), None], queries


def get_urls(app: Flask, world: World, region: RegionB, queries: list[str]) -> list[str]:
    """Every GET route, each parameter tried with each of region B's ids (else the crawler's value); the routes
    without parameters also with the query strings of region B's objects (the forms a GET fills from them)."""
    urls = []
    for rule in rules(app, {"GET"}):
        if rule.endpoint == "static" or rule.rule.endswith((".csv", ".ics", ".json")):
            continue
        urls += urls_with_region_b_ids(rule, world, region)
        if not rule.arguments:
            urls += [f"{urls[-1]}?{query}" for query in (region.query, *queries)]
    return urls


def signed_in(app: Flask, user: User | None, address: str) -> FlaskClient:
    """A browser of its own (its own address, so a round's refused sign-ins do not lock the others out)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if user is not None:
        token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
        response = client.post("/compte/connexion", data={"csrf_token": token, "email": user.email,
                                                          "password": PASSWORD})
        assert response.status_code == 302, (user.email, response.status_code)
    return client


#: Forms shown only in answer to a first form: (path, what it is sent) → its answer's forms are crawled too.
PRIMING = [("/juri-ptce/", {"question": "Statuts de SCIC et gouvernance : comment rédiger les statuts de notre SCIC ?"})]


def crawl(app: Flask, db, users: list[User | None], urls: list[str]) -> Crawl:
    """Each user on every page, then on the answers of ``PRIMING``: the forms found posting to each POST rule (by
    endpoint), each with the user's browser (the rounds go on in it: a Juri-PTCE question is kept in its session)."""
    found = Crawl(users)
    for number, user in enumerate(users):
        client = signed_in(app, user, f"10.9.0.{number + 1}")
        for url in urls:
            _read(app, client, client.get(url), url, user, found)
            db.rollback()
        for path, data in PRIMING:
            page = client.get(path)
            if page.status_code == 200:
                data = {**data, "csrf_token": extract_csrf(page.get_data(as_text=True))}
                response = client.post(path, data=data, follow_redirects=True)
                _read(app, client, response, response.request.full_path.rstrip("?"), user, found)
            db.rollback()
    return found


def _read(app: Flask, client: FlaskClient, response, url: str, user: User | None, found: Crawl) -> None:
    found.pages += 1
    if response.status_code == 200 and response.mimetype == "text/html":
        for form in forms_of(url, response.get_data(as_text=True)):
            rule = rule_of(app, form.action)
            if rule is not None:
                found.forms.setdefault(rule.endpoint, []).append(Found(user, form, client))
    response.close()


def post_rules(app: Flask) -> list[Rule]:
    return [rule for rule in rules(app, {"POST"})]
