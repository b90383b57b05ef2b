"""The overseas insets' names as HTML, for a screen too narrow to read them inside the SVG.

Inside the SVG a caption is 9 user units high, scaled with the viewBox: on a 375 px phone the 600-unit map is
about 317 px wide, so « Guadeloupe » came out 5 px high. Below the map the names are ordinary text, one per inset,
placed under its box by the stylesheet (``.carte-encarts-noms``: widths and margins in per cent of the map, the
layout of :class:`geo.svgmap.FranceMap`). A box is then about 58 px wide: a long name may break, at a syllable
(a soft hyphen, only drawn where the line breaks).
"""

from __future__ import annotations

from geo import svg_text as svgtext
from geo.svgmap import FranceMap

__all__ = ["inset_captions_html", "soft_hyphenated"]

_VOWELS = frozenset("aeiouyàâéèêëîïôùûü")
SOFT_HYPHEN = "\u00ad"


def soft_hyphenated(word: str, shortest: int = 8) -> str:
    """``word`` with a soft hyphen before the consonant–vowel pair nearest its middle (« Guade­loupe »,
    « Marti­nique »); words of several parts or shorter than ``shortest`` letters are left whole."""
    if " " in word or "-" in word or len(word) < shortest:
        return word
    cuts = [i for i in range(2, len(word) - 2)
            if word[i].isalpha() and word[i].lower() not in _VOWELS and word[i + 1].lower() in _VOWELS
            and word[i - 1].lower() in _VOWELS]
    if not cuts:
        return word
    cut = min(cuts, key=lambda i: abs(i - len(word) / 2))
    return word[:cut] + SOFT_HYPHEN + word[cut:]


def inset_captions_html(france: FranceMap) -> str:
    """One ``<li>`` per overseas inset, left to right, hidden from screen readers like the SVG captions (each
    region's outline already carries its name as a ``<title>``)."""
    items = "".join(f"<li>{svgtext.text(soft_hyphenated(inset.nom))}</li>" for inset in france.insets())
    return f'<ol class="carte-encarts-noms" aria-hidden="true">{items}</ol>'
