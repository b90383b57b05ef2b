"""Small text utilities shared by the lexical model, the explanations and the cache keys."""
from __future__ import annotations

import re
import unicodedata

from matching.reading import APOSTROPHES, read_text

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[«\"(\wÀ-ÿ])")
_SPACES = re.compile(r"\s+")


def normalise_spaces(text: str) -> str:
    """Unicode NFC, collapsed whitespace, stripped ends (``read_text`` gives what is hashed and embedded)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


#: After NFKD: a non-ASCII sign that is not an accent (a dash, an emoji).
_SIGN = re.compile(r"[^\x00-\x7f\u0300-\u036f]+")


def strip_accents(text: str) -> str:
    """Lowercase and remove diacritics: « Économie » → « economie ».

    Typographic apostrophes become straight ones (« l’association » is « l'association », never one word
    « lassociation »); other non-ASCII signs (dashes, emoji) become spaces and never glue two words together.
    """
    text = unicodedata.normalize("NFKD", APOSTROPHES.sub("'", text.lower().replace("œ", "oe").replace("æ", "ae")))
    return _SIGN.sub(" ", text).encode("ascii", "ignore").decode("ascii")


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
    """The text embedded for a profile: its title followed by its body, each as read (``read_text``)."""
    title = read_text(title)
    body = read_text(text)
    if title and not title.endswith((".", "!", "?", ":")):
        title += "."
    return f"{title} {body}".strip()
