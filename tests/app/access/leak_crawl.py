"""A crawler for the leak audit (``test_region_leak_crawl``): it reads every page a person reaches (``Crawl``) —
links, GET forms filled in (searches, filters, pagination), each address again with other regions' ``?region=`` and
others' ``?need_id=…`` — and every GET route of ``app.url_map`` pointed at the objects of ``private_texts``
(``direct_references``); ``audit`` signs a person in and does both.
"""

from __future__ import annotations

import html
import itertools
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from models import CollectiveSession, LawyerProfile, LegalSlot, Meeting, Offer, User
from tests.app.access.private_texts import Private, Visitor, forbidden_to, leaks, private_texts, readable
from tests.conftest import extract_csrf


class _Links(HTMLParser):
    """A page's links and its GET forms (action, fields with their choices)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str, dict[str, list[str]], list[str]]] = []  # action, choices, free texts
        self._form: tuple[str, dict[str, list[str]], list[str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in ("a", "link") and values.get("href") and not values["href"].startswith("#"):
            self.links.append(values["href"])
        elif tag == "input" and "://" in values.get("value", ""):  # a link to copy (a calendar feed)
            self.links.append(values["value"])
        elif tag == "form" and values.get("method", "get").lower() == "get":
            self._form = (values.get("action", ""), {}, [])
        elif self._form is not None and tag in ("input", "select") and values.get("name"):
            kind = values.get("type", "text")
            if tag == "select":
                self._select = values["name"]
                self._form[1].setdefault(values["name"], [])
            elif kind in ("text", "search", "email", "number"):
                self._form[2].append(values["name"])
            elif kind in ("hidden", "radio", "checkbox", "date", "month"):
                self._form[1].setdefault(values["name"], []).append(values.get("value", "on"))
        elif tag == "option" and self._form is not None and self._select is not None:
            self._form[1][self._select].append(values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def form_urls(action: str, choices: dict[str, list[str]], texts: list[str], terms: list[str],
              most: int = 30) -> list[str]:
    """A GET form sent with its first choices, then each choice of each field and each search term in turn."""
    base = {name: options[0] for name, options in choices.items() if options}
    variants = [base]
    variants += [dict(base, **{name: option}) for name, options in choices.items() for option in options[1:]]
    variants += [dict(base, **{name: term}) for name in texts for term in terms]
    return [f"{action}?{urlencode(variant)}" for variant in variants[:most]]


@dataclass
class Crawl:
    """Read every page ``client`` reaches from ``start`` and the ``extra`` addresses: links, GET forms with
    ``terms`` in their text fields, and each address without a query string again with each of ``queries``
    (``region=`` of other regions, ``need_id=`` and the like of others' objects)."""

    app: Flask
    client: Any
    terms: list[str]
    queries: list[str]
    most_per_endpoint: int = 40
    most_pages: int = 3000
    pages: dict[str, str] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    #: Endpoint → how many of its addresses answered 200 (what the crawl did read).
    read: Counter = field(default_factory=Counter)
    #: Endpoint → seconds spent on its addresses.
    seconds: Counter = field(default_factory=Counter)
    _per_endpoint: Counter = field(default_factory=Counter)

    def run(self, start: Iterable[str], extra: Iterable[str] = ()) -> dict[str, str]:
        adapter = self.app.url_map.bind("entrepairs.test")
        queue = deque(start)
        queue.extend(extra)
        seen = set(queue)
        pinned = set(extra)  # direct references: read whatever the endpoint's count
        while queue and len(self.pages) < self.most_pages:
            address = queue.popleft()
            parts = urlsplit(address)
            try:
                endpoint, _ = adapter.match(parts.path, method="GET")
            except HTTPException:
                continue
            if endpoint == "static" or (address not in pinned
                                        and self._per_endpoint[endpoint] >= self.most_per_endpoint):
                continue
            self._per_endpoint[endpoint] += 1
            started = time.perf_counter()
            response = self.client.get(address)
            self.seconds[endpoint] += time.perf_counter() - started
            self.statuses[response.status_code] += 1
            if response.status_code == 200:
                self.read[endpoint] += 1
            assert response.status_code < 500, (address, response.get_data(as_text=True)[:600])
            body = response.get_data(as_text=True)
            self.pages[address] = readable(body, response.mimetype)
            found = []
            if not parts.query:
                found += [f"{parts.path}?{query}" for query in self.queries]
            if response.status_code == 200 and response.mimetype == "text/html":
                found += self._reached(address, body)
            for url in found:
                if url not in seen:
                    seen.add(url)
                    queue.append(url)
            response.close()
        return self.pages

    def _reached(self, address: str, body: str) -> list[str]:
        reader = _Links()
        reader.feed(body)
        found = []
        for href in reader.links:
            parts = urlsplit(html.unescape(href))
            if parts.netloc in ("", "entrepairs.test", "localhost"):
                found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for action, choices, texts in reader.forms:
            found += form_urls(urlsplit(action).path or urlsplit(address).path, choices, texts, self.terms)
        return found


def direct_references(app: Flask, privates: Iterable[Private], fixed: dict[str, list[Any]],
                      most_per_rule: int = 24) -> list[str]:
    """Every GET route with URL parameters, each parameter filled with the ids of ``privates``' objects (or the
    ``fixed`` values, for parameters no private text names)."""
    ids: dict[str, list[Any]] = {}
    for private in privates:
        for name, value in private.refs:
            if value not in ids.setdefault(name, []):
                ids[name].append(value)
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or not rule.arguments or rule.endpoint == "static":
            continue
        choices = [[(name, value) for value in (ids.get(name, []) + fixed.get(name, []) or [1])]
                   for name in sorted(rule.arguments)]
        for combination in itertools.islice(itertools.product(*choices), most_per_rule):
            urls.append(rule.build(dict(combination), append_unknown=False)[1])
    return urls


def ids_of(session: Session, model: type, *where: Any) -> list[int]:
    return list(session.scalars(select(model.id).where(*where).order_by(model.id)))


@dataclass
class Audit:
    """What ``audit`` read as ``viewer``: the database's private texts, the pages, the crawl (its counts)."""

    viewer: Any
    privates: list[Private]
    pages: dict[str, str]
    crawl: Crawl

    def leaks(self) -> list[tuple[str, str, str]]:
        return leaks(self.pages, forbidden_to(self.viewer, self.privates))

    def report(self) -> str:
        """The leaks, one line per text with the first of the pages that show it."""
        by_text: dict[tuple[str, str], list[str]] = {}
        for what, text, address in self.leaks():
            by_text.setdefault((what, text), []).append(address)
        return "\n".join(f"{what} « {text} » : {len(urls)} pages, dont {sorted(set(urls))[:4]}"
                         for (what, text), urls in sorted(by_text.items()))


def fixed_values(session: Session, regions: Iterable[str]) -> dict[str, list[Any]]:
    """The URL values no private text names: regions, charts, stages, lawyers, offers, sessions, afternoons."""
    from app.network.stats import CHARTS

    return {"code": [*regions, "11"], "key": list(CHARTS), "stage": [1, 2], "token": ["jeton-invalide"],
            "lawyer_id": ids_of(session, LawyerProfile), "offer_id": ids_of(session, Offer)[:2],
            "collective_session_id": ids_of(session, CollectiveSession), "session_id": ids_of(session, Meeting),
            "day": sorted({s.starts_at.date().isoformat() for s in session.scalars(select(LegalSlot))})[:2]}


def audit(app: Flask, email: str | None, password: str, *, regions: Iterable[str], most_per_rule: int = 24,
          **limits: int) -> Audit:
    """Sign in as ``email`` (None: a visitor) and crawl: from the home page and « Mon espace », with every GET route
    pointed at the objects of the database's private texts (others', to be refused; the viewer's own, to be read),
    ``fixed_values`` for the parameters no private text names, other ``regions``' ``?region=``, and the search
    forms filled in with others' names. The database is read in an application context of its own, closed before
    the crawl (a context left open would lend its ``g``, hence a stale CSRF token, to the client's requests)."""
    from app.extensions import db

    regions = list(regions)
    with app.app_context():
        session = db.session
        viewer = session.scalar(select(User).where(User.email == email)) if email else Visitor()
        if email:
            session.expunge(viewer)
        privates = private_texts(session)
        forbidden = forbidden_to(viewer, privates)
        extra = direct_references(app, privates, fixed_values(session, regions), most_per_rule)
        session.close()
    refs: dict[str, Any] = {}
    for private in forbidden:
        for name, value in private.refs:
            refs.setdefault(name, value)
    queries = [f"region={code}" for code in regions if code != viewer.region_code]
    queries.append(urlencode({name: refs[name] for name in ("need_id", "pole_id", "profile_id") if name in refs}
                             | {"hote": refs.get("pole_id"), "proposition": refs.get("proposal_id"),
                                "pole": refs.get("pole_id"), "resource_person_id": refs.get("profile_id"),
                                "liens": "tous"}))
    terms = sorted({p.text for p in forbidden if p.what in ("facilitator name", "unlisted pole name")})[:4]
    client = app.test_client()
    if email:
        token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
        signed_in = client.post("/compte/connexion", data={"csrf_token": token, "email": email, "password": password})
        assert signed_in.status_code == 302, email
        token = extract_csrf(client.get("/calendrier/").get_data(as_text=True))  # a calendar feed, to read it
        made = client.post("/calendrier/nouveau", data={"csrf_token": token})
        assert made.status_code == 302, made.get_data(as_text=True)[:3000]
    crawl = Crawl(app, client, terms=terms + ["discret", "exemple.fr"], queries=queries, **limits)
    return Audit(viewer, privates, crawl.run(["/", "/mon-espace"], extra), crawl)
