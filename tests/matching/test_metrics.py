from __future__ import annotations

import math

import pytest

from matching.metrics import hit_at_k, mean_defined, ndcg_at_k, reciprocal_rank

L3 = math.log2(3)


@pytest.mark.parametrize(
    ("ranked", "relevance", "expected"),
    [
        (["a", "b"], {"a": 2, "b": 1}, 1.0),
        (["b", "a"], {"a": 2, "b": 1}, (1 + 3 / L3) / (3 + 1 / L3)),
        (["x", "a"], {"a": 2}, (3 / L3) / 3),
        (["x", "y", "z", "w", "v", "a"], {"a": 2}, 0.0),
        (["a", "x"], {"a": 1, "b": 1}, 1 / (1 + 1 / L3)),
    ],
)
def test_ndcg_at_k_known_values(ranked, relevance, expected) -> None:
    assert ndcg_at_k(ranked, relevance, 5) == pytest.approx(expected)


def test_ndcg_at_k_nothing_relevant_is_none() -> None:
    assert ndcg_at_k(["a"], {}, 5) is None


@pytest.mark.parametrize(
    ("ranked", "relevance", "expected"),
    [(["b", "a"], {"a": 2, "b": 1}, 1.0), (["b", "c"], {"a": 2, "b": 1}, 0.0), (["b"], {"b": 1}, None)],
)
def test_hit_at_k_counts_only_ideal_offers(ranked, relevance, expected) -> None:
    assert hit_at_k(ranked, relevance, 5) == expected


@pytest.mark.parametrize(
    ("ranked", "relevance", "expected"),
    [(["a"], {"a": 1}, 1.0), (["x", "y", "a"], {"a": 2}, 1 / 3), (["x"], {"a": 2}, 0.0), (["x"], {}, None)],
)
def test_reciprocal_rank_known_values(ranked, relevance, expected) -> None:
    assert reciprocal_rank(ranked, relevance) == expected


def test_mean_defined_skips_none() -> None:
    assert mean_defined([1.0, None, 0.0]) == 0.5
    assert mean_defined([None]) == 0.0
