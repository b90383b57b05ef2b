"""How values are written into SVG: coordinates in tenths without trailing zeros, text and attributes
escaped (characters XML forbids removed), links restricted to safe schemes."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence


def tenths(value: int) -> str:
    """A whole number of tenths as SVG writes it: 25 → « 2.5 », -30 → « -3 »."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def join_numbers(values: Sequence[int]) -> str:
    """Numbers separated by spaces, except before a minus sign (valid SVG)."""
    out = []
    for value in values:
        text = tenths(value)
        if out and not text.startswith("-"):
            out.append(" ")
        out.append(text)
    return "".join(out)


def num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing ".0"."""
    return tenths(round(float(value) * 10))


#: Characters XML 1.0 forbids even when escaped (a NUL in a label would make the
#: whole SVG unparseable).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def text(value: str) -> str:
    return html.escape(_XML_INVALID.sub("", str(value)), quote=False)


def attr(value: str) -> str:
    return html.escape(_XML_INVALID.sub("", str(value)), quote=True)


def classes(base: str, extra: str) -> str:
    return f"{base} {extra}".strip() if extra else base


def safe_href(href: str) -> str:
    """Refuse ``javascript:``, ``data:``... (browsers ignore blanks in a scheme)."""
    if href[:1] == "/" or href[:1] == "#":  # a path or fragment: no scheme possible
        return href
    compact = re.sub(r"[\x00-\x20]", "", href)
    match = _SCHEME.match(compact)
    if match and match.group(1).lower() not in _SAFE_SCHEMES:
        raise ValueError(f"refusing marker href with scheme {match.group(1)!r}")
    return href
