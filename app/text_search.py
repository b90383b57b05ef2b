"""Typed words found in stored texts whatever their accents and case: « cooperative » finds « Coopérative »,
« ile-de-france » finds « Île-de-France », « l'ecole » finds « L’École ».

The directories list every matching row on one page, so the words are matched in Python on the rows
the other filters kept: one folding, the same on SQLite and PostgreSQL (SQL would need ``unaccent`` on
PostgreSQL and, on SQLite, one ``replace`` per letter, nested deeper than its parser allows).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

#: Folded apart from their accents: ligatures and typographic apostrophes.
_SPECIAL = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "‘": "'", "ß": "ss"})


def fold(text: str | None) -> str:
    """``text`` in small letters without diacritics: « L’École » → « l'ecole »."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_words(query: str | None) -> list[str]:
    """The folded words of a typed query (none for an empty one)."""
    return fold(query).split()


def has_words(words: list[str], texts: Iterable[str | None]) -> bool:
    """Each word is in one of ``texts`` (accents and case ignored; a word may be part of a longer one)."""
    if not words:
        return True  # no search: nothing to fold (the directories call this for every row)
    folded = [fold(text) for text in texts]
    return all(any(word in text for text in folded) for word in words)
