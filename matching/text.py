"""Small text utilities shared by the lexical model, the explanations and the cache keys."""
from __future__ import annotations

import re
import unicodedata

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[«\"(\wÀ-ÿ])")
_SPACES = re.compile(r"\s+")


def normalise_spaces(text: str) -> str:
    """Unicode NFC, collapsed whitespace, stripped ends (the form that is hashed and embedded)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def strip_accents(text: str) -> str:
    """Lowercase and remove diacritics: « Économie » → « economie » (other non-ASCII signs are dropped)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def split_sentences(text: str, *, min_chars: int = 25) -> list[str]:
    """Split a French text into sentences (and long clauses after « : » or « ; »).

    Very short fragments are glued to the previous one so every piece carries meaning.
    """
    pieces = [p.strip() for p in _SENTENCE_END.split(normalise_spaces(text)) if p.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and (len(piece) < min_chars or len(merged[-1]) < min_chars):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def profile_text(title: str, text: str) -> str:
    """The text embedded for a profile: its title followed by its body."""
    title = normalise_spaces(title)
    body = normalise_spaces(text)
    if title and not title.endswith((".", "!", "?", ":")):
        title += "."
    return f"{title} {body}".strip()
