"""Hostile query strings on every GET route, as each role: never a 500, a French page with the site's layout, no
English, no script echoed back.

The parameters each page reads are found by watching it read its query string (``tests.app.hostile.queries``), as
each role (a page of the organisers reads ``?region=`` for them only), once on the page as the crawler builds it and
once with region B's ids; each is then given every hostile value (negative, huge, float, not a number, dates out of
range, unknown choices, LIKE wildcards, invalid UTF-8, HTML, 100 000 characters), twice, and all at once. The control
characters are ``tests/app/security/test_control_characters.py``'s, ids out of range in the path
``test_ids_in_range.py``'s.
"""

from __future__ import annotations

import html

import pytest

from models import Organisation, OrganisationKind, Role
from tests.app.access.regional_world import build_region_b, urls_with_region_b_ids
from tests.app.hostile import queries as q
from tests.app.security.routes import build_world, log_in, rules, url_for_rule

pytestmark = pytest.mark.web

#: The roles, the most privileged first: a parameter is given each value alone by the first role seen reading it.
ROLES = ["admin", "Avise", "CRA", "Coorace", "animatrice", "personne ressource", "avocate", "anonyme"]
#: Not pages: files, feeds and a JSON answer (their parameters are still tried, their bodies are not read as HTML).
SKIPPED = ("static",)


@pytest.fixture
def people(db, make_user, make_pole, make_resource_person):
    world = build_world(db, make_user, make_pole, make_resource_person)
    region = build_region_b(db, world, make_user=make_user, make_pole=make_pole,
                            make_resource_person=make_resource_person)
    national = {}
    for kind in (OrganisationKind.AVISE, OrganisationKind.COORACE):
        user = make_user(Role.ORGANISER, email=f"{kind.value}@exemple.fr")
        user.organisation = Organisation(kind=kind, name=kind.label)
        national[kind.label] = user
    db.commit()
    users = {"anonyme": None, "animatrice": region.facilitator_b, "personne ressource": world.users[Role.RESOURCE_PERSON],
             "avocate": world.users[Role.LAWYER], **national, "CRA": region.cra_b, "admin": world.users[Role.ADMIN]}
    return world, region, users


def _faults(url: str, response) -> list[str]:
    faults = []
    if response.status_code >= 500:
        faults.append(f"{response.status_code}")
    if response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        if q.SCRIPT.search(page):
            faults.append("script echoed unescaped")
        text = html.unescape(page)
        if english := q.ENGLISH.search(text):
            faults.append(f"English: {english.group(0)!r}")
        if response.status_code >= 400 and not ('<html lang="fr">' in page and 'class="site-header"' in page):
            faults.append(f"{response.status_code} without the site's layout")
    return [f"{url[:140]} → {fault}" for fault in faults]


def test_every_get_route_takes_hostile_query_strings(app, db, people):
    """Each role on every GET route: each parameter it reads given each hostile value alone the first time a role
    is seen reading it, the short list in every parameter at once for the next roles."""
    world, region, users = people
    app.config.update(PROPAGATE_EXCEPTIONS_IN_TESTS=False)
    faults: list[str] = []
    seen: set[tuple[str, str]] = set()
    tried = 0
    with q.watching(app):
        for role in ROLES:
            client = app.test_client()
            if users[role] is not None:
                log_in(client, users[role])
            for rule in rules(app, {"GET"}):
                if rule.endpoint in SKIPPED:
                    continue
                owner = role in ("animatrice", "CRA") and rule.arguments  # region B's rows are theirs
                url = urls_with_region_b_ids(rule, world, region)[0] if owner else url_for_rule(rule, world)
                q.asked.clear()
                client.get(url if rule.arguments else f"{url}?{region.query}").close()
                db.rollback()
                names = sorted({name for name in q.asked if name != "csrf_token"})
                new = [name for name in names if (rule.endpoint, name) not in seen]
                seen.update((rule.endpoint, name) for name in names)
                for query in q.each_alone(new) + q.rotated(names):
                    response = client.get(f"{url}?{query}")
                    faults += [f"{role} : {fault}" for fault in _faults(f"{url}?{query}", response)]
                    response.close()
                    db.rollback()
                    tried += 1
    endpoints = {endpoint for endpoint, _ in seen}
    assert {"poles.directory", "admin.account_list", "agenda.bilan", "admin.audit_log"} <= endpoints, sorted(endpoints)
    assert tried >= 1000, tried
    assert faults == [], f"{len(faults)} :\n" + "\n".join(dict.fromkeys(faults))
