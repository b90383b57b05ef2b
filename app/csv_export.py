"""One CSV convention for every export of the site.

Semicolon separator, UTF-8 with a byte-order mark and ``\\r\\n`` line ends, decimal commas, dates dd/mm/yyyy: the file
opens as it is, columns and numbers right, in a French spreadsheet (Excel, LibreOffice). A text cell
that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…) is neutralised with a quote. A stored
(naive-UTC) datetime is written at the reader's local time, as the pages show it (``app.templating``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response

from app.templating import local_datetime

SEPARATOR = ";"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """The text of one cell: numbers with a decimal comma, dates as a French spreadsheet reads them
    (« 04/03/2026 », a datetime « 04/03/2026 10:30 » at the reader's local time), formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(round(value, 6))).replace(".", ",")
    if isinstance(value, datetime):
        return f"{local_datetime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The whole file, BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return BOM + buffer.getvalue()


def csv_download(text: str, filename: str) -> Response:
    """A download of ``filename`` (ASCII name) holding ``text`` (made by :func:`csv_text`)."""
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_response(header: Sequence[str], rows: Iterable[Sequence[object]], filename: str) -> Response:
    """A download of ``filename`` (ASCII name) holding these rows."""
    return csv_download(csv_text(header, rows), filename)
