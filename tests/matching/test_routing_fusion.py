"""The router's fusion: features per lawyer, and weights fitted by a conditional logit."""
from __future__ import annotations

import numpy as np
import pytest

from matching.routing_fusion import FEATURES, FusionWeights, choice_accuracy, fit_fusion, rank_score, routing_features


def test_rank_score_is_one_for_the_first_and_falls_like_reciprocal_rank_fusion() -> None:
    assert rank_score(np.array([0.2, 0.9, 0.5])) == pytest.approx([61 / 63, 1.0, 61 / 62])


def _features(probability: list[float], *, own: tuple[int, ...] = (0, 0), likely: float = 0.4) -> np.ndarray:
    return routing_features(embedding=np.array([0.3, 0.1]), lexical=np.array([0.0, 0.2]), clause=np.array([0.1, 0.0]),
                            field_probability=np.array(probability), own_named=own, field_named=(1, 0), likely=likely)


def test_one_column_per_weight_in_order() -> None:
    features = _features([0.1, 0.8], own=(0, 5))
    assert features.shape == (2, len(FEATURES)) == (2, len(FusionWeights().vector()))
    column = dict(zip(FEATURES, features.T))
    assert column["embedding_rank"] == pytest.approx([1.0, 61 / 62])
    assert column["lexical_rank"] == pytest.approx([61 / 62, 1.0])
    assert column["field_probability"] == pytest.approx([0.1, 0.8])
    assert column["own_terms_named"] == pytest.approx([0, 2])  # five terms named count as two
    assert column["field_terms_named"] == pytest.approx([1, 0])


def test_a_field_under_the_likely_threshold_counts_by_its_probability_only() -> None:
    column = dict(zip(FEATURES, _features([0.1, 0.3]).T))
    assert not column["field_rank_when_likely"].any() and not column["field_probability_when_likely"].any()
    assert column["field_probability"] == pytest.approx([0.1, 0.3])
    heard = dict(zip(FEATURES, _features([0.1, 0.5]).T))
    assert heard["field_rank_when_likely"] == pytest.approx([61 / 62, 1.0])
    assert heard["field_probability_when_likely"] == pytest.approx([0.1, 0.5])


def test_fitting_finds_the_feature_that_tells_the_right_lawyer() -> None:
    """Only the field probability says who is right; the text ranks are noise: the fit must lean on it."""
    rng = np.random.default_rng(7)
    examples = []
    for _ in range(120):
        features = rng.random((4, len(FEATURES)))
        examples.append((features, int(np.argmax(features[:, FEATURES.index("field_probability")]))))
    fitted = fit_fusion(examples[:80])
    weights = dict(zip(FEATURES, fitted.vector()))
    assert max(weights, key=lambda k: abs(weights[k])) == "field_probability"
    assert choice_accuracy(examples[80:], fitted) >= 0.9
    assert choice_accuracy(examples[80:], FusionWeights(*([0.0] * 4 + [0.0] * 4))) <= 0.5  # all-zero: first lawyer


def test_nothing_to_fit_is_said() -> None:
    with pytest.raises(ValueError, match="Aucune question étiquetée"):
        fit_fusion([])
