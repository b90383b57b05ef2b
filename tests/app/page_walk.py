"""Readers of rendered pages for the site-wide checks of ``test_pages_of_every_role.py``: the visible text of a
page (what a reader sees or hears, without what a person typed into a form), its ids, its internal links; and the
walk that reaches a role's pages by following links (``linked_pages``, also timed by ``bench_pages_by_role``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException

#: Attributes read aloud or shown to a reader.
SPOKEN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-confirm", "data-confirm-label")
#: Elements whose content is not page text: code, styles, and what a person typed (a text area's value).
SKIPPED = {"script", "style", "textarea"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

NO_BREAK = "\u00a0\u202f"
#: A breakable space (or a line break, which HTML reads as one) before « : ; ? ! » or « », or after « «.
BREAKABLE_BEFORE_SIGN = re.compile(r"\S([ \t\r\n]+[:;?!»])|(«[ \t\r\n]+)")
#: An integer of four digits or more written without thousands separator (« 1095 jours »); years
#: (1900 to 2199, « 2026 ») and codes glued to letters, dashes, slashes or dots are not amounts.
BARE_THOUSANDS = re.compile(r"(?<![\w\-/.,:#\u00a0\u202f])(\d{4,})(?![\w\-/.,:\u00a0\u202f])")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in SPOKEN_ATTRIBUTES:
            if values.get(name):
                self.texts.append(f" {values[name]} ")
        if tag == "input" and values.get("type") in ("submit", "button"):
            self.texts.append(f" {values.get('value', '')} ")
        if tag in SKIPPED:
            self._skipping += 1
        elif tag not in VOID and tag not in ("a", "span", "strong", "em", "abbr", "b", "i", "small", "sup", "time"):
            self.texts.append("\n")  # a block (or a cell) ends a run of text

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag not in ("a", "span", "strong", "em", "abbr", "b", "i", "small", "sup", "time"):
            self.texts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.texts.append(data)


def read_page(html: str) -> _Page:
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser


def visible_text(html: str) -> str:
    return "".join(read_page(html).texts)


def duplicate_ids(html: str) -> list[str]:
    return sorted(name for name, seen in Counter(read_page(html).ids).items() if seen > 1)


def spacing_faults(text: str) -> list[str]:
    """Each place where a plain space stands before « : ; ? ! » (or inside « »), with its surroundings."""
    faults = []
    for match in BREAKABLE_BEFORE_SIGN.finditer(text):
        start, end = match.span()
        faults.append(" ".join(text[max(0, start - 40):end + 25].split()))
    return faults


def number_faults(text: str) -> list[str]:
    """Each integer of four digits or more printed without its thousands separator (a year excepted)."""
    faults = []
    for match in BARE_THOUSANDS.finditer(text):
        if len(match.group(1)) == 4 and 1900 <= int(match.group(1)) <= 2199:
            continue
        start, end = match.span()
        faults.append(" ".join(text[max(0, start - 30):end + 20].split()))
    return faults


#: The landmark role of an element, by explicit role or by tag (a ``section`` or a ``form`` is one only when named).
LANDMARK_TAGS = {"nav": "navigation", "aside": "complementary", "section": "region", "form": "form", "main": "main",
                 "header": "banner", "footer": "contentinfo"}
SECTIONING = {"article", "aside", "main", "nav", "section"}
LANDMARK_ROLES = {"navigation", "complementary", "region", "form", "search", "main", "banner", "contentinfo"}


class _Landmarks(HTMLParser):
    """The landmarks of a page with their accessible name (``aria-label``, or the text of the ``aria-labelledby``
    elements), and the text of every element with an id, to resolve those names."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.landmarks: list[tuple[str, str, list[str]]] = []  # (role, aria-label, labelledby ids)
        self.text_by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of the open elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        role = values.get("role") or LANDMARK_TAGS.get(tag)
        if tag in ("header", "footer") and any(open_tag in SECTIONING for open_tag, _ in self._open):
            role = None  # the header of an article or a section is no banner
        if role in LANDMARK_ROLES:
            self.landmarks.append((role, values.get("aria-label", ""), values.get("aria-labelledby", "").split()))
        if tag not in VOID:
            self._open.append((tag, values.get("id")))
            if values.get("id"):
                self.text_by_id.setdefault(values["id"], "")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data


def same_landmarks(html: str) -> list[str]:
    """Landmarks of one role sharing one accessible name (or both unnamed): a screen reader's list of landmarks
    then shows two entries a person cannot tell apart (axe-core's ``landmark-unique``). Sections and forms without
    a name are not landmarks and are left out."""
    parser = _Landmarks()
    parser.feed(html)
    parser.close()
    names = []
    for role, label, labelledby in parser.landmarks:
        name = " ".join((" ".join(parser.text_by_id.get(i, "") for i in labelledby) if labelledby else label).split())
        if role in ("region", "form") and not name:
            continue
        names.append(f"{role} « {name.casefold()} »" if name else role)
    return sorted(name for name, seen in Counter(names).items() if seen > 1)


def unnamed_tables(html: str) -> int:
    """How many tables have no name (no ``caption``, no ``aria-label`` or ``aria-labelledby``): a screen reader
    jumping from table to table then says « tableau » and nothing of what it holds."""
    tables = re.findall(r"<table\b([^>]*)>(.*?)</table>", html, re.S)
    return sum(1 for attributes, body in tables
               if "aria-label" not in attributes and not re.match(r"\s*<caption\b", body))


def linked_pages(app, client, starts: list[str], *, most: int, not_pages: re.Pattern[str],
                 ) -> Iterator[tuple[str, str]]:
    """(address, HTML) of the GET pages ``client`` reaches from ``starts`` by following links, one page per
    endpoint, at most ``most``; addresses matching ``not_pages`` (downloads, feeds) are not followed."""
    adapter = app.url_map.bind("entrepairs.test")
    queue, seen = list(starts), set()
    while queue and len(seen) < most:
        address = queue.pop(0)
        try:
            endpoint, _ = adapter.match(urlsplit(address).path, method="GET")
        except HTTPException:
            continue
        if endpoint in seen:
            continue
        seen.add(endpoint)
        response = client.get(address)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        yield address, html
        for href in re.findall(r'<a [^>]*href="([^"#]+)', html):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.netloc in ("", "entrepairs.test") and not not_pages.search(parts.path):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
