"""How much each signal counts in the hybrid need → offer score (``matching/engine.py``), and why those values."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class BlendWeights:
    """Weights of the hybrid score (text signals in z-score units, structured ones in [−1, 1]).

    Chosen with ``bench/bench_eval_cv.py`` (5-fold cross-validation over the needs of
    dev.json: the folds pick embedding 0.25–0.5 and themes 1.5–2). Embedding 0.5 rather than
    0.25 on purpose: it is as good or better when needs come without themes or titles (closer
    to the held-out sets told as stories), where lexical evidence is weaker. Region, maturity
    and capacity are tie-breakers: they do not predict relevance in the labelled data.
    """

    embedding: float = 0.5
    lexical: float = 1.0
    themes: float = 2.0
    inferred_themes: float = 0.25
    #: Themes the theme model reads in a need without declared themes (probability-weighted;
    #: chosen on dev.json with the needs' themes removed, checked with them: no loss; 2.0 → 3.0 once the
    #: reference situations doubled, dev 0.903 → 0.910 without themes, 0.924 → 0.929 with them).
    model_themes: float = 3.0
    #: Votes of the closest past needs paired with the offer (``matching/history.py``; a vote is a
    #: cosine excess over 0.55, so one near twin at 0.7 adds 1.2). Chosen on the tuning sets, each ranked
    #: with the others as history: mean nDCG@5 0.920 → 0.932, dev.json unchanged; with a fifth of that
    #: history, 0.923 (README).
    history: float = 8.0
    region: float = 0.02
    maturity: float = 0.1
    capacity: float = 0.05

    def to_dict(self) -> dict[str, float]:
        return asdict(self)
