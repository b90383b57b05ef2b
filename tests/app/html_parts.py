"""Small readers of rendered pages for tests: the buttons of a page with their attributes, a page's text, the
options of a select."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Button:
    attrs: dict[str, str]
    text: str = ""
    classes: set[str] = field(default_factory=set)


class _Buttons(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[Button] = []
        self._open: Button | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "button":
            values = {name: value or "" for name, value in attrs}
            self._open = Button(values, classes=set(values.get("class", "").split()))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._open is not None:
            self._open.text = " ".join(self._open.text.split())
            self.found.append(self._open)
            self._open = None


def buttons(page: str) -> list[Button]:
    parser = _Buttons()
    parser.feed(page)
    return parser.found


def button(page: str, starts_with: str) -> Button:
    """The one button whose text starts with ``starts_with``."""
    matching = [b for b in buttons(page) if b.text.startswith(starts_with)]
    assert len(matching) == 1, [b.text for b in buttons(page)]
    return matching[0]


class _Errors(HTMLParser):
    """The error texts beside the fields (``p.error-text``, by id) and the lines of the error summary."""

    def __init__(self) -> None:
        super().__init__()
        self.beside: dict[str, str] = {}
        self.summary: list[str] = []
        self._in_summary = 0
        self._open: tuple[str, str] | None = None  # (kind, key)
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = set(values.get("class", "").split())
        if tag == "div" and "error-summary" in classes:
            self._in_summary = 1
        elif tag == "div" and self._in_summary:
            self._in_summary += 1
        if tag == "p" and "error-text" in classes:
            self._open, self._text = ("beside", values.get("id", "")), ""
        elif tag == "li" and self._in_summary:
            self._open, self._text = ("summary", ""), ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag in ("p", "li") and (tag == "p") == (self._open[0] == "beside"):
            text = " ".join(self._text.split())
            if self._open[0] == "beside":
                self.beside[self._open[1]] = text
            else:
                self.summary.append(text)
            self._open = None
        elif tag == "div" and self._in_summary:
            self._in_summary -= 1


def form_errors(page: str) -> tuple[dict[str, str], list[str]]:
    """The errors of a page's form: those beside the fields (by the error paragraph's id) and the summary's lines."""
    parser = _Errors()
    parser.feed(page)
    return parser.beside, parser.summary


#: A gender mark inside a word (« animateur·rice »).
GENDER_MARK = re.compile(r"\w·\w")


#: The span that keeps a hyphenated word whole at the end of a line (app/typography.py, ``UNBROKEN_WORDS``).
_NOWRAP = re.compile(r'<span class="nowrap">([^<]*)</span>')


def words_joined(page: str) -> str:
    """A page's HTML with the words kept whole at the end of a line back in their sentence: « par e-mail », as
    read, where the HTML says « par <span class="nowrap">e-mail</span> »."""
    return _NOWRAP.sub(r"\1", page)


def page_html(response) -> str:
    """A response's HTML, its unbroken words back in their sentence (``words_joined``)."""
    return words_joined(response.get_data(as_text=True))


def page_text(response) -> str:
    """A response's HTML unescaped, no-break spaces as plain ones, unbroken words back in their sentence."""
    return html.unescape(page_html(response)).replace("\u00a0", " ")


def select_options(page: str, name: str) -> list[str]:
    """The labels of the options of the select ``name``."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]
