"""A table a phone reads row by row: each body cell names its column (``data-label``), for the stylesheet to show
beside the value when the rows are stacked (``.table-stack`` in static/css/site.css, under 40 rem).

The template filter ``labelled_cells`` (``scroll_table(label, stack=True)`` in ``templates/macros/ui.html``) does it
once for every table that asks, from the table's own column headers: no page writes a label by hand, and a header
renamed is renamed in the stacked rows too. It also gives each part of the table its ARIA role (``table``, ``row``,
``columnheader``, ``cell``…): some browsers forget that a table is a table once the stylesheet changes how its
rows are displayed, and a screen reader would then read the stacked rows as loose text. The roles are the ones
the elements already have, so on a wide screen nothing changes.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SPACES = re.compile(r"[ \t\r\n]+")
#: The ARIA role an element of a table keeps when its rows are stacked.
_ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tfoot": "rowgroup", "tr": "row", "td": "cell"}


class _Cells(HTMLParser):
    """Finds where each tag of the outermost table starts and what to add to it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.additions: list[tuple[tuple[int, int], str, str]] = []  # (position, start tag, attributes to add)
        self.headers: list[str] = []
        self._depth = 0
        self._in_head = False
        self._header: list[str] | None = None
        self._column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self._depth += 1
        if self._depth != 1 or "role" in values:
            return
        add = {}
        if tag in _ROLES:
            add["role"] = _ROLES[tag]
        if tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._column = 0
        elif tag == "th":
            add["role"] = "columnheader" if self._in_head or values.get("scope") == "col" else "rowheader"
        if tag in ("th", "td"):
            span = _span(values.get("colspan"))
            if self._in_head:
                self._header = []
            elif span == 1 and self._column < len(self.headers) and self.headers[self._column]:
                add["data-label"] = self.headers[self._column]
            self._column += span
        if add:
            self.additions.append((self.getpos(), self.get_starttag_text() or "", _attributes(add)))

    def handle_data(self, data: str) -> None:
        if self._header is not None:
            self._header.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
        elif self._depth == 1 and tag == "thead":
            self._in_head = False
        elif self._depth == 1 and tag == "th" and self._header is not None:
            self.headers.append(_SPACES.sub(" ", "".join(self._header)).strip(" "))  # no-break spaces kept
            self._header = None


def _span(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


def _attributes(values: dict[str, str]) -> str:
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in values.items())


def labelled_cells(table_html: str) -> str:
    """``table_html`` with a ``data-label`` (its column's header) on each body cell of one column and the ARIA
    roles of its table, rows and cells. A cell spanning several columns (« Aucun transfert ») has no label."""
    parser = _Cells()
    parser.feed(table_html)
    parser.close()
    line_starts = [0]
    for line in table_html.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    out, done = [], 0
    for (line, column), tag, added in parser.additions:
        start = line_starts[line - 1] + column
        end = start + len(tag) - (2 if tag.endswith("/>") else 1)
        out += [table_html[done:end], added]
        done = end
    out.append(table_html[done:])
    return "".join(out)
