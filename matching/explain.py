"""Readable French explanations for a (need, offer) pair, computed only for returned suggestions."""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import numpy as np

from matching.lexical import LexicalModel, content_words
from matching.signals import MATURITY_LABELS
from matching.text import split_sentences

_WORD = re.compile(r"[^\W\d_]+")

#: Length of the prefix used as a crude French stem when looking for shared key words.
STEM_CHARS = 6


def stem(word: str) -> str:
    return word[:STEM_CHARS]


#: Words that are not stop words for ranking but tell a reader nothing as "shared vocabulary"
#: (accent-free, as ``content_words`` gives them).
FILLER_WORDS = frozenset(
    ["bien", "parfois", "souvent", "toujours", "jamais", "vraiment", "beaucoup", "trop", "assez", "plutot", "surtout",
     "moins", "mieux", "annee", "annees", "chose", "choses"]
)


def key_words(need_text: str, offer_text: str, idf: Mapping[str, float], *, limit: int = 4) -> list[str]:
    """Content words the need and the offer share (by stem), rarest first, as spelled in the offer."""
    need_stems = {stem(w) for w in content_words(need_text) if len(w) >= 4 and w not in FILLER_WORDS}
    seen: dict[str, str] = {}
    for raw in _WORD.findall(offer_text):
        folded = content_words(raw)
        if len(folded) != 1 or len(folded[0]) < 4 or folded[0] in FILLER_WORDS:
            continue
        s = stem(folded[0])
        if s in need_stems and s not in seen:
            seen[s] = raw.lower() if not raw.isupper() else raw
    ranked = sorted(seen, key=lambda s: (-idf.get(s, 0.0), s))
    return [seen[s] for s in ranked[:limit]]


def stem_idf(texts: Sequence[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of word stems over ``texts``."""
    df: dict[str, int] = {}
    for text in texts:
        for s in {stem(w) for w in content_words(text)}:
            df[s] = df.get(s, 0) + 1
    n = len(texts)
    return {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in df.items()}


def best_phrases(
    need_text: str, offer_texts: Sequence[str], lexical: LexicalModel, *, limit: int = 2
) -> list[tuple[list[str], list[str]]]:
    """For each offer: the need's and the offer's sentences that match each other best.

    Character n-gram cosine between sentences; all sentences go through the vectoriser in
    one call, which keeps explanations cheap enough for interactive use.
    """
    need_sents = split_sentences(need_text) or [need_text]
    offer_sents = [split_sentences(t) or [t] for t in offer_texts]
    matrix = lexical.transform(need_sents + [s for sents in offer_sents for s in sents])
    need_m = matrix[: len(need_sents)]
    out: list[tuple[list[str], list[str]]] = []
    start = len(need_sents)
    for sents in offer_sents:
        sim = np.asarray((need_m @ matrix[start : start + len(sents)].T).todense())
        start += len(sents)
        need_order = np.argsort(-sim.max(axis=1), kind="stable")[:limit]
        offer_order = np.argsort(-sim.max(axis=0), kind="stable")[:limit]
        out.append((
            [need_sents[i] for i in need_order if sim[i].max() > 0],
            [sents[j] for j in offer_order if sim[:, j].max() > 0],
        ))
    return out


def semantic_reason(z: float) -> str | None:
    if z >= 1.5:
        return "Proximité de sens élevée entre le besoin et l'offre"
    if z >= 0.5:
        return "Proximité de sens notable entre le besoin et l'offre"
    return None


def inferred_themes_reason(labels: Sequence[tuple[str, float]]) -> str:
    """« Thèmes déduits du texte : Modèle économique (72 %) » for themes the need did not declare."""
    return "Thèmes déduits du texte : " + ", ".join(f"{label} ({round(p * 100)}\u00a0%)" for label, p in labels)


def maturity_reason(need_maturity: str | None, offer_maturity: str | None, signal: float) -> str | None:
    if signal <= 0 or not offer_maturity or not need_maturity or offer_maturity == need_maturity:
        return None
    return f"Expérience d'un pôle plus avancé ({MATURITY_LABELS.get(offer_maturity, offer_maturity)})"


def capacity_reason(capacity_left: int) -> str:
    plural = "s" if capacity_left > 1 else ""
    return f"Encore {capacity_left} transfert{plural} possible{plural} cette année"


def pole_rank_reason(rank: int, n_allowed: int) -> str:
    ordinal = "1er" if rank == 1 else f"{rank}e"
    return f"Classé {ordinal} sur {n_allowed} pôle{'s' if n_allowed > 1 else ''} ayant décrit ce qu'ils peuvent transmettre"


def rank_reason(rank: int, n_allowed: int, n_excluded: int) -> str:
    ordinal = "1re" if rank == 1 else f"{rank}e"
    text = f"Classée {ordinal} sur {n_allowed} offre{'s' if n_allowed > 1 else ''} possible{'s' if n_allowed > 1 else ''}"
    if n_excluded:
        text += f" ({n_excluded} exclue{'s' if n_excluded > 1 else ''} : même pôle ou capacité épuisée)"
    return text
