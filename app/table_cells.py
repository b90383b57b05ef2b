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

_SPACES = re.compile(r"[ \t\r\n]+")
#: The ARIA role an element of a table keeps when its rows are stacked.
_ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tfoot": "rowgroup", "tr": "row", "td": "cell"}
#: The tags of a table's structure, opening or closing; everything between them is skipped at C speed (a region's
#: list holds thousands of cells: a parser reading every tag and text cost 50 ms a page).
_TABLE_TAG = re.compile(r"<(/?)(table|thead|tbody|tfoot|tr|th|td)\b([^>]*)>", re.I)
_OTHER_TAG = re.compile(r"<[^>]*>")
_HAS_ROLE = re.compile(r"\srole\s*=", re.I)
_SCOPE_COL = re.compile(r"""\sscope\s*=\s*["']?col\b""", re.I)
_COLSPAN = re.compile(r"""\scolspan\s*=\s*["']?(\d+)""", re.I)


def _span(attributes: str) -> int:
    found = _COLSPAN.search(attributes)
    return int(found.group(1)) if found and int(found.group(1)) > 0 else 1


def _attributes(values: dict[str, str]) -> str:
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in values.items())


def labelled_cells(table_html: str) -> str:
    """``table_html`` with a ``data-label`` (its column's header) on each body cell of one column and the ARIA
    roles of its table, rows and cells. A cell spanning several columns (« Aucun transfert ») has no label."""
    out, done = [], 0
    headers: list[str] = []
    depth, in_head, column, header_from = 0, False, 0, None
    written: dict[tuple[tuple[str, str], ...], str] = {}  # attributes written once for all the rows alike
    for match in _TABLE_TAG.finditer(table_html):
        closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if tag == "table":
                depth -= 1
            elif depth == 1 and tag == "thead":
                in_head = False
            elif depth == 1 and tag == "th" and header_from is not None:
                text = html.unescape(_OTHER_TAG.sub("", table_html[header_from:match.start()]))
                headers.append(_SPACES.sub(" ", text).strip(" "))  # no-break spaces kept
                header_from = None
            continue
        if tag == "table":
            depth += 1
        if depth != 1 or (attributes and _HAS_ROLE.search(attributes)):
            continue
        add = {}
        if tag in _ROLES:
            add["role"] = _ROLES[tag]
        if tag == "thead":
            in_head = True
        elif tag == "tr":
            column = 0
        elif tag == "th":
            add["role"] = "columnheader" if in_head or _SCOPE_COL.search(attributes) else "rowheader"
        if tag in ("th", "td"):
            span = _span(attributes) if attributes else 1
            if in_head:
                header_from = match.end()
            elif span == 1 and column < len(headers) and headers[column]:
                add["data-label"] = headers[column]
            column += span
        if add:
            key = tuple(add.items())
            if (added := written.get(key)) is None:
                added = written[key] = _attributes(add)
            end = match.end() - (2 if match.group(0).endswith("/>") else 1)
            out += [table_html[done:end], added]
            done = end
    out.append(table_html[done:])
    return "".join(out)
