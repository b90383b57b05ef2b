"""How the site writes a figure and the word it counts, the French way: a pure package (no Flask, no database).

The pure libraries (``charts/`` summaries, ``matching/`` reasons, ``geo/`` map descriptions) write sentences
with figures too, and may not import ``app``: ``number``, ``plural`` and ``count`` live here, once, and
``app/typography.py`` (the Jinja filters, the services) gives the same ones to the rest of the site.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def number(value: float | int | None, decimals: int | None = None) -> str:
    """A number written the French way: decimal comma, narrow no-break space between thousands.

    With ``decimals`` the number has exactly that many decimals (``3,70``); without, an integer
    value has none and any other keeps up to two (``3,5``, ``0,25``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        value = int(value)
    if decimals is None:
        as_float = float(value)
        text = f"{int(as_float):,}" if as_float.is_integer() else f"{as_float:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # « -0,00 » is « 0,00 »
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def to_tenth(value: float | int) -> float:
    """``value`` to the nearest tenth, a half rounded up as a reader (or a spreadsheet) does: 9 participations over
    4 sessions (2.25) are 2.3, where Python's ``round`` gives 2.2 (half to even)."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def plural(n: float | int, singular: str, plural_form: str | None = None) -> str:
    """The form of a word (or short phrase) for ``n`` things: singular under 2 in French (« 0 besoin »,
    « 1,5 jour »)."""
    if abs(n) < 2:
        return singular
    return plural_form if plural_form is not None else " ".join(word + "s" for word in singular.split(" "))


def count(n: float | int | None, singular: str, plural_form: str | None = None, *, zero: str = "") -> str:
    """``"2 pôles"``, ``"1 pôle"``, ``"0 pôle"``: the number (French style) and the agreeing word; with ``zero``
    (« aucun », « aucune ») a zero is said in words: ``"aucun pôle"``.

    A no-break space (U+00A0) joins the figure to its word, so no line or button breaks between them
    (« 60 / places restantes »); a figure's thousands keep their narrow one (« 12 500 places »). A zero in words
    keeps an ordinary space: « aucun / pôle » breaks like any two words of a sentence."""
    n = n or 0
    if zero and n == 0:
        return f"{zero} {singular}"
    return f"{number(n)}{NBSP}{plural(n, singular, plural_form)}"
