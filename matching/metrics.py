"""Ranking metrics on plain lists (no engine import), so they can be tested on tiny cases."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain with exponential gain ``2^g − 1`` and ``log2(rank + 1)`` discount."""
    return sum((2.0**g - 1.0) / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int = 5) -> float | None:
    """Graded nDCG@k; None when nothing is relevant (the need is then left out of the mean)."""
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    if ideal <= 0:
        return None
    return dcg([relevance.get(item, 0) for item in ranked[:k]]) / ideal


def hit_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int = 5, *, grade: int = 2) -> float | None:
    """1 if an item of at least ``grade`` is in the top k, 0 if not, None if no such item exists."""
    if not any(g >= grade for g in relevance.values()):
        return None
    return float(any(relevance.get(item, 0) >= grade for item in ranked[:k]))


def reciprocal_rank(ranked: Sequence[str], relevance: Mapping[str, int]) -> float | None:
    """1 / rank of the first relevant item (grade ≥ 1), 0 if never ranked, None if none is relevant."""
    if not any(g > 0 for g in relevance.values()):
        return None
    for rank, item in enumerate(ranked, start=1):
        if relevance.get(item, 0) > 0:
            return 1.0 / rank
    return 0.0


def mean_defined(values: Sequence[float | None]) -> float:
    """Mean over the values that are not None (0.0 if there are none)."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else 0.0
