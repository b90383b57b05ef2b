"""Readable titles for the suggested themes of learning visits.

A theme is found by clustering needs; its distinctive terms (« réunions · bénévoles · membres ·
organiser ») say why the needs belong together but make a poor title, and the title becomes the
visit's title and the subject of its invitations. The title is built from the theme vocabulary of
the network (``data/themes.csv`` labels): the theme the needs share, else the one their words point
to, else the most central need's own title. The organiser can still change it before creating the
visit (templates/visits/form.html).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence

#: Words of theme labels too common to point to a theme.
STOPWORDS = frozenset([
    "avec", "dans", "des", "du", "de", "la", "le", "les", "et", "en", "pour", "par", "sur", "aux", "au", "une",
    "un", "ses", "son", "leur", "leurs", "pole", "poles", "entre", "autre", "autres", "tout", "tous", "plus",
    "moins", "faire", "comme", "nous", "vous", "notre", "nos", "votre", "vos",
])
STEM = 6  # a word is compared by its first letters: « mutualiser », « mutualisation »
MAX_PAIR_LENGTH = 80
#: Words a theme label must share with the needs to name them (one word, « collectif », is chance).
MIN_SHARED_WORDS = 2


def short_label(label: str) -> str:
    """A theme label without its parenthesised examples: « Fonds européens (FEDER, FSE+) » → « Fonds européens »."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", label).strip() or label.strip()


def _stems(text: str) -> set[str]:
    plain = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn")
    return {word[:STEM] for word in re.findall(r"[a-z]+", plain) if len(word) >= 4 and word not in STOPWORDS}


def inferred_theme(words: Sequence[str], labels: Mapping[str, str]) -> str | None:
    """The theme code whose label shares the most words with ``words`` (at least ``MIN_SHARED_WORDS``), or None."""
    text_stems = set().union(*(_stems(text) for text in words)) if words else set()
    found = {code: len(text_stems & _stems(label)) for code, label in labels.items()}
    if not found:
        return None
    code, hits = max(found.items(), key=lambda item: (item[1], -len(labels[item[0]]), item[0]))
    return code if hits >= MIN_SHARED_WORDS else None


def theme_title(*, shared_themes: Sequence[str], label_terms: Sequence[str], need_titles: Sequence[str],
                labels: Mapping[str, str], read_themes: Sequence[str] = ()) -> str:
    """« Mutualisation de moyens », « Agriculture et installation agricole »… for a cluster of needs.

    ``read_themes``: the themes the theme model reads in the needs' texts, most likely first
    (``likely_themes``); they name the cluster when the needs share no declared theme, before the
    words of the titles do (« Quelle structure pour notre coopération ? » is not about legal structure
    when the needs tell of tired volunteers).
    """
    codes = [code for code in shared_themes if code in labels]
    if not codes:
        codes = [code for code in read_themes if code in labels][:2]
    if not codes:
        inferred = inferred_theme([*label_terms, *need_titles], labels)
        codes = [inferred] if inferred else []
    if codes:
        first = short_label(labels[codes[0]])
        if len(codes) > 1:
            second = short_label(labels[codes[1]])
            if ("," not in first + second and " et " not in first + second
                    and len(first) + len(second) < MAX_PAIR_LENGTH):
                return f"{first} et {second[:1].lower()}{second[1:]}"
        return first
    if need_titles:
        return f"Autour de « {need_titles[0]} »"
    return "Thème à nommer"


def likely_themes(probabilities: Sequence[Sequence[float]], codes: Sequence[str], *,
                  threshold: float = 0.4) -> list[str]:
    """Theme codes whose mean probability over the needs (one row per need) reaches ``threshold``, most likely first."""
    if not len(probabilities):
        return []
    means = [sum(row[i] for row in probabilities) / len(probabilities) for i in range(len(codes))]
    ranked = sorted(range(len(codes)), key=lambda i: -means[i])
    return [codes[i] for i in ranked if means[i] >= threshold]


def distinct_titles(titles: Sequence[str], central_need_titles: Sequence[str]) -> list[str]:
    """The same titles, those used twice made distinct by their most central need (« … — « Des instances sans habitants » »)."""
    counts = Counter(titles)
    out = []
    for title, need_title in zip(titles, central_need_titles, strict=True):
        out.append(f"{title} — « {need_title} »" if counts[title] > 1 and need_title else title)
    return out
