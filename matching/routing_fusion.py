"""How the lawyer router weighs its evidence: one linear score per lawyer over eight features, fitted.

The router hears a question in several ways: its meaning (sentence embedding), the words it shares
with each lawyer's specialties (whole text widened by the fields of law, and the best single clause),
the field of law recognised in the story (``matching/legal_situations.py``) and the terms of each
lawyer's specialties it names. Each is right alone on some questions and wrong on others; how much
each counts is not a matter of taste but of what routed the labelled questions right.

The weights are those of a conditional logit (McFadden's choice model: for each question a softmax
over its lawyers, the right lawyer's log-likelihood maximised, with a small L2 penalty), fitted on the
tuning questions only: dev.json, stories_c, stories_d and stories_g routed among dev.json's three
lawyers and among three rewordings of them, and catalogue_k, catalogue_o and catalogue_p among their own
five, three and six lawyers (667 routings).
``python -m bench.bench_routing_fusion`` computes the features, refits, prints the weights next to these
and the leave-one-set-out accuracy. The text signals enter by their rank among the lawyers (as in
reciprocal-rank fusion: with a handful of lawyers a rank is steadier than a cosine); the recognised
field enters by its probability, so a field heard at 95 % outweighs one heard at 45 %, which a rank
alone cannot say.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

import numpy as np
from scipy.optimize import minimize

#: The usual constant of reciprocal-rank fusion (Cormack et al., 2009).
RRF_K = 60


@dataclass(frozen=True)
class FusionWeights:
    """One weight per feature, in the order of ``routing_features``' columns."""

    #: Rank of the lawyer's whole text by meaning (sentence embedding), as ``rank_score``.
    embedding_rank: float = 2.542
    #: Rank by shared words with the whole text widened by the lawyer's fields of law.
    lexical_rank: float = 1.604
    #: Rank by shared words with the lawyer's closest single specialty.
    clause_rank: float = 1.809
    #: Rank of the lawyer's best field among the recognised ones, when some field is likely.
    field_rank_when_likely: float = 0.388
    #: Probability of the lawyer's most likely field for this question.
    field_probability: float = 5.895
    #: The same, counted again when some field is likely.
    field_probability_when_likely: float = 0.298
    #: Terms of the lawyer's own specialties the question names (two at most).
    own_terms_named: float = 0.657
    #: Terms of the lawyer's fields of law the question names (two at most).
    field_terms_named: float = 1.079

    def vector(self) -> np.ndarray:
        return np.array(astuple(self), dtype=np.float64)

    @classmethod
    def from_vector(cls, values: Sequence[float]) -> FusionWeights:
        return cls(*(round(float(v), 3) for v in values))


FEATURES = tuple(f.name for f in fields(FusionWeights))

#: Named terms beyond this count add nothing: a long question naming five terms of one lawyer is not
#: five times as much about them.
MAX_NAMED = 2


def rank_score(values: np.ndarray) -> np.ndarray:
    """``(RRF_K + 1) / (RRF_K + rank)``: 1 for the largest value, a little less for each next one."""
    ranks = np.argsort(np.argsort(-np.asarray(values), kind="stable"), kind="stable") + 1
    return (RRF_K + 1) / (RRF_K + ranks)


def routing_features(
    *, embedding: np.ndarray, lexical: np.ndarray, clause: np.ndarray, field_probability: np.ndarray,
    own_named: Sequence[int], field_named: Sequence[int], likely: float,
) -> np.ndarray:
    """The features of each lawyer for one question: one row per lawyer, one column per ``FEATURES``.

    ``field_probability``: per lawyer, the probability of the most likely field they own (0 for none);
    ``likely``: the probability from which a recognised field is taken as heard.
    """
    probability = np.asarray(field_probability, dtype=np.float64)
    heard = float(probability.max(initial=0.0) >= likely)
    return np.stack([
        rank_score(embedding), rank_score(lexical), rank_score(clause),
        rank_score(probability) * heard, probability, probability * heard,
        np.minimum(np.asarray(own_named, dtype=np.float64), MAX_NAMED),
        np.minimum(np.asarray(field_named, dtype=np.float64), MAX_NAMED),
    ], axis=1)


def _negative_log_likelihood(
    w: np.ndarray, examples: Sequence[tuple[np.ndarray, int]], sample_weights: np.ndarray, l2: float,
) -> tuple[float, np.ndarray]:
    value, gradient = 0.5 * l2 * float(w @ w), l2 * w.copy()
    for (features, right), weight in zip(examples, sample_weights):
        scores = features @ w
        top = scores.max()
        p = np.exp(scores - top)
        total = p.sum()
        p /= total
        value -= weight * (scores[right] - top - np.log(total))
        gradient -= weight * (features[right] - p @ features)
    return value, gradient


def fit_fusion(
    examples: Sequence[tuple[np.ndarray, int]], *, sample_weights: Sequence[float] | None = None, l2: float = 0.3,
) -> FusionWeights:
    """The weights under which the right lawyer is most likely, over ``examples`` (features of one
    question's lawyers, index of the right one)."""
    if not examples:
        raise ValueError("Aucune question étiquetée : rien à ajuster")
    weights = np.ones(len(examples)) if sample_weights is None else np.asarray(sample_weights, dtype=np.float64)
    start = np.zeros(examples[0][0].shape[1])
    result = minimize(_negative_log_likelihood, start, args=(examples, weights, l2), jac=True, method="L-BFGS-B")
    return FusionWeights.from_vector(result.x)


def choice_accuracy(examples: Sequence[tuple[np.ndarray, int]], weights: FusionWeights) -> float:
    """Share of ``examples`` whose best-scored lawyer is the right one."""
    w = weights.vector()
    return float(np.mean([int(np.argmax(features @ w)) == right for features, right in examples]))
