"""Small readers of rendered pages for tests: the buttons of a page with their attributes."""

from __future__ import annotations

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
