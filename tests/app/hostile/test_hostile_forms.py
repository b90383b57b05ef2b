"""Hostile input on every form: each POST rule of ``app.url_map`` (routes added later are covered without touching
this file, or the guard below fails), reached the way a person reaches it — the crawl (``world.crawl``) finds, on
every page as every user, a form posting to the rule: that user may use it, that form has its real fields — then
sent hostile values (``payloads``): every field at once with each value, then each field alone with the values of
its kind, then without its CSRF token.

What must hold, after each request: no status of 500 or more; nothing sent to the database that PostgreSQL refuses
(a NUL in a query's parameter, a text longer than its column, an integer out of range: SQLite takes them, production
answers 500); a refused form (anything but a redirect, or a redirect to a flash error) committed nothing; a page
sent back with its form says what is wrong (its error summary or an alert), and nothing in English.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask

from tests.app.hostile.forms import Form, forms_of, rule_of
from tests.app.hostile.payloads import BY_KIND, EVERYWHERE, ID_LIKE, MAY_WRITE_WHEN_REFUSED, Watch, watching
from tests.app.hostile.world import Crawl, Found, build, crawl, get_urls, post_rules
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

#: POST rules the hostile rounds do not reach through a form, and why.
NOT_EXERCISED = {
    "auth.logout": "no field: the header's sign-out button (tests/app/security/test_routes.py sends it without "
                   "its token)",
    "themes.suggestions": "no form: the theme suggester's script posts JSON (tests/app/suggestions)",
    "poles.withdraw_claim": "no field but its token, shown only to the person waiting on a claim "
                            "(tests/app/poles/test_claim_withdrawn.py sends it)",
    "pair_space.propose_exchange": "shown only among the peer poles the suggestions find for a pole's page "
                                   "(tests/app/pair_space/test_peer_exchange.py sends it hostile messages)",
    "notifications.unsubscribe": "no field, no sign-in: reached from a mail's signed link, never from a page "
                                 "(tests/app/notifications/test_unsubscribe.py sends forged, expired and foreign links)",
}
#: POST rules whose answer is a page, not a redirect, when they do what was asked: their 200 needs no error message
#: and may write.
ANSWER_WITH_A_PAGE = {
    "scheduling.new_feed": "the new calendar feed's address is shown once, on the page answering the POST",
    "transfers.approve": "a POST without « confirm » (an old form, a script) shows the confirmation page again",
    "transfers.propose": "two steps: a POST without « confirm=1 » shows what will be proposed, to confirm",
    "transfers.request_transfer": "two steps: a POST without « confirm=1 » shows the request, to confirm",
}
#: The rules whose round runs first: a Juri-PTCE question sent (``legal.index``) replaces the one kept for booking;
#: an offer edited loses its theme suggestions; a transfer proposed takes the need a transfer request was for.
FIRST = ("legal.close_slot", "legal.book", "legal.waitlist", "themes.confirm_offer_themes", "pair_space.offer_help",
         "transfers.propose", "transfers.request_transfer")
#: The rules whose round runs last, in this order: they close or cancel what other forms act on (a slot, an
#: afternoon, a session, a need now served), change another user's role or pole (the admin's), merge a pole away,
#: sign their user out, change her password or delete her account.
LAST = ("legal.reopen_afternoon", "legal.cancel", "legal.close_afternoon", "agenda.cancel", "admin.pole_facilitators",
        "admin.account", "admin.merge", "auth.change_password", "auth.change_email",
        "privacy.delete_account", "admin.deactivate")
#: A page that asks before acting: the question of a data-confirm button whose form came with ``confirmed`` left at 0,
#: as it comes without JavaScript (app/confirmation.py, the end of a transfer). It needs no error message; it must
#: write nothing, like any answer that does not redirect.
ASKED = 'name="confirmed" value="1"'
#: English phrases of WTForms, Werkzeug and Flask-WTF that a French page must never show.
ENGLISH = re.compile(r"This field is required|Not a valid|Invalid (?:Choice|value|input|email|URL|date)|"
                     r"Field must be|must be between|is not a valid|Please |The CSRF|CSRF token", re.IGNORECASE)
REDIRECTS = {301, 302, 303}


@pytest.fixture
def crawled(app, db, make_user, make_pole, make_resource_person) -> Crawl:
    world, region, users, queries = build(db, make_user, make_pole, make_resource_person)
    return crawl(app, db, users, get_urls(app, world, region, queries))


def _rounds(form: Form) -> list[tuple[str, list[tuple[str, str]]]]:
    """(what is tried, the data sent): each value in every field at once, then each field alone with the values
    of its kind (the others as the browser sends them)."""
    names = form.names()
    rounds = []
    for value in EVERYWHERE:
        values = value if isinstance(value, list) else [value]
        rounds.append((f"every field = {value!r:.60}", [(name, v) for name in names for v in values]))
    browser = [(n, v) for n, v in form.browser_data() if n != "csrf_token"]
    for f in {f.name: f for f in form.fields if f.name != "csrf_token"}.values():
        kind = "hidden" if ID_LIKE.search(f.name) and f.kind in ("text", "number") else f.kind
        for value in BY_KIND.get(kind, BY_KIND["text"]):
            rounds.append((f"{f.name} = {value!r:.60}", [(n, v) for n, v in browser if n != f.name] + [(f.name, value)]))
    return rounds


def _faults(response, watch: Watch, endpoint: str) -> list[str]:
    """What is wrong with the answer to one hostile request."""
    faults = []
    refused = response.status_code not in REDIRECTS and endpoint not in ANSWER_WITH_A_PAGE
    if response.status_code >= 500:
        faults.append(f"status {response.status_code}")
    if watch.unsafe:
        faults.append(f"sent what PostgreSQL refuses: {sorted(set(watch.unsafe))}")
    if refused:
        written = set(watch.committed) - MAY_WRITE_WHEN_REFUSED
        if written:
            faults.append(f"refused ({response.status_code}) but wrote {sorted(written)}")
    if response.mimetype == "text/html":
        page = html.unescape(response.get_data(as_text=True))
        if ENGLISH.search(page):
            faults.append(f"English: {ENGLISH.search(page).group(0)!r}")
        if refused and response.status_code in (200, 400, 422) and forms_of(response.request.path, page) \
                and 'class="error-summary"' not in page and 'role="alert"' not in page and ASKED not in page:
            faults.append(f"{response.status_code} with its form but no error message")
    return faults


def _redirect_faults(client, response, watch: Watch) -> list[str]:
    """A POST answered by a redirect to a page saying it was refused (a flash error) wrote nothing; says it in
    French."""
    written = set(watch.committed) - MAY_WRITE_WHEN_REFUSED
    page = client.get(response.headers["Location"])
    text = html.unescape(page.get_data(as_text=True))
    page.close()
    faults = [f"English after the redirect: {ENGLISH.search(text).group(0)!r}"] if ENGLISH.search(text) else []
    if "flash-error" in text and written:
        faults.append(f"refused (flash error) but wrote {sorted(written)}")
    return faults


#: How many hostile requests each rule was sent (a round stops once an accepted value closed its form).
posted: dict[str, int] = {}


def _still_shown(app: Flask, candidates: list[Found], rule) -> tuple[Found, Form, str] | None:
    """The first form the crawl found for ``rule`` that its page still shows (an earlier round may have taken a row
    of a list, or the need a transfer was to be asked for), with a fresh CSRF token."""
    for found in candidates:
        page = found.client.get(found.form.page)
        body = page.get_data(as_text=True)
        shown = [f for f in forms_of(found.form.page, body)
                 if (r := rule_of(app, f.action)) is not None and r.endpoint == rule.endpoint]
        if page.status_code == 200 and shown:
            return found, shown[0], extract_csrf(body)
    return None


def _round(app: Flask, db, candidates: list[Found], rule) -> list[str]:
    """Every hostile request of one rule, as a user the crawl found, in her browser: the faults, each naming what
    was sent."""
    start = _still_shown(app, candidates, rule)
    if start is None:
        return []
    found, form, token = start
    client = found.client
    faults = []
    with watching(db.get_bind()) as watch:
        for what, data in [*_rounds(form), ("without its CSRF token", None)]:
            if token is None:  # after a redirect: the same form again, unless the value accepted closed it
                page = client.get(form.page)
                if page.status_code != 200 or not any(f.action == form.action for f in forms_of(
                        form.page, page.get_data(as_text=True))):
                    break
                token = extract_csrf(page.get_data(as_text=True))
            sent = [*data, ("csrf_token", token)] if data is not None else form.browser_data()
            sent = [(n, v) for n, v in sent if data is not None or n != "csrf_token"]
            watch.reset()
            response = client.post(form.action, data=_multi(sent))
            faults += [f"{rule.endpoint} {form.action} [{what}]: {fault}"
                       for fault in _faults(response, watch, rule.endpoint)]
            if data is None and (response.status_code != 400 or set(watch.committed) - MAY_WRITE_WHEN_REFUSED):
                faults.append(f"{rule.endpoint}: accepted without its CSRF token")
            if response.status_code in REDIRECTS:
                token = None
                faults += [f"{rule.endpoint} {form.action} [{what}]: {fault}"
                           for fault in _redirect_faults(client, response, watch)]
            response.close()
            posted[rule.endpoint] = posted.get(rule.endpoint, 0) + 1
            db.rollback()
    return faults


def _multi(pairs: list[tuple[str, str]]):
    from werkzeug.datastructures import MultiDict

    return MultiDict(pairs)


def test_every_post_rule_takes_hostile_values(app, db, crawled):
    """The guard first: every POST rule is reached through a form, or listed with the reason; then the rounds."""
    endpoints = {rule.endpoint for rule in post_rules(app)}
    missing = sorted(endpoints - set(crawled.forms) - set(NOT_EXERCISED))
    assert missing == [], f"give the world an object whose page shows their form, or say why in NOT_EXERCISED: {missing}"
    assert set(NOT_EXERCISED) <= endpoints, "a rule listed in NOT_EXERCISED is gone: remove it"
    order = [*FIRST, *(r.endpoint for r in post_rules(app) if r.endpoint not in FIRST + LAST), *LAST]
    rules = sorted((r for r in post_rules(app) if r.endpoint in crawled.forms), key=lambda r: order.index(r.endpoint))
    assert len(rules) >= 60
    # The rounds of the password forms check the current password: not the sign-in limit under test here.
    app.config.update(LOGIN_MAX_FAILURES_PER_EMAIL=10**6, LOGIN_MAX_FAILURES_PER_IP=10**6)
    faults: list[str] = []
    posted.clear()
    for rule in rules:
        faults += _round(app, db, crawled.forms[rule.endpoint], rule)
    assert sum(posted.values()) > 1500  # about 26 per form, and 2 per field and value kind
    unposted = [r.endpoint for r in rules if not posted.get(r.endpoint)]
    assert unposted == [], f"an earlier round took every form the crawl found for these: {unposted}"
    grouped = _grouped(faults)
    assert not grouped, "\n".join(grouped)


def _grouped(faults: list[str]) -> list[str]:
    """One line per rule and kind of fault, with the first value that showed it and how many did."""
    groups: dict[tuple[str, str], list[str]] = {}
    for fault in faults:
        where, _, what = fault.partition(" [")
        sent, _, kind = what.partition("]: ")
        groups.setdefault((where, re.sub(r"\d+", "N", kind)[:80]), []).append(sent)
    return [f"{where} — {kind} — {len(sent)}× e.g. {sent[0]}" for (where, kind), sent in groups.items()]
