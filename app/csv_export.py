"""One CSV convention for every export: semicolons, UTF-8 with a BOM, decimal commas, no formulas.

That is what a French spreadsheet opens as is; a cell starting like a formula is quoted so that
a name typed as ``=HYPERLINK(…)`` never runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()
