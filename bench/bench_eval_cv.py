"""Cross-validated choice of the blend weights on a labelled dataset (5 folds over needs).

For each fold, the weights that maximise nDCG@5 on the other needs are scored on the
held-out needs; the mean held-out nDCG@5 estimates how the tuning generalises, and the
weights chosen most often are printed. Usage:

    HF_HUB_OFFLINE=1 python -m bench.bench_eval_cv [dataset.json] [embedder-spec]
"""
from __future__ import annotations

from bench.paths import DEV_JSON
import itertools
import sys
import time
from collections import Counter

import numpy as np

from matching.embedders import make_embedder
from matching.engine import BlendWeights, HybridMatcher
from matching.evaluation import load_dataset, rank_needs
from matching.metrics import mean_defined, ndcg_at_k
from matching.pipeline import EmbeddingPipeline, InMemoryVectorStore
from matching.text import profile_text
from matching.themes import load_theme_labels

GRID = {
    "embedding": (0.25, 0.5, 0.75, 1.0),
    "themes": (0.5, 1.0, 1.5, 2.0),
    "inferred_themes": (0.0, 0.5, 1.0),
    "region": (0.0, 0.02, 0.1),
}


def main(path: str = str(DEV_JSON), spec: str = "use-multilingual", folds: int = 5) -> None:
    start = time.perf_counter()
    ds = load_dataset(path)
    embedder = make_embedder(spec)
    pipeline = EmbeddingPipeline(embedder, InMemoryVectorStore())
    offer_vecs, _ = pipeline.embed([profile_text(o.title, o.text) for o in ds.offers])
    need_vecs, _ = pipeline.embed([profile_text(n.title, n.text) for n in ds.needs])
    labels = load_theme_labels()
    rels = [ds.relevance[n.id] for n in ds.needs]
    per_need: dict[tuple, np.ndarray] = {}
    for values in itertools.product(*GRID.values()):
        weights = BlendWeights(**dict(zip(GRID, values)))
        matcher = HybridMatcher(embedder=embedder, theme_labels=labels, weights=weights).fit(ds.offers, offer_vecs)
        rankings = rank_needs(matcher.score_matrix(ds.needs, need_vecs), matcher.offer_ids_)
        per_need[values] = np.array([ndcg_at_k(r, rel) or 0.0 for r, rel in zip(rankings, rels)])
    rng = np.random.default_rng(0)
    order = rng.permutation(len(ds.needs))
    held_out: list[float] = []
    chosen: Counter = Counter()
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        best = max(per_need, key=lambda v: (per_need[v][train].mean(), -sum(v)))
        chosen[best] += 1
        held_out.extend(per_need[best][test])
    default = tuple(getattr(BlendWeights(), name) for name in GRID)
    best_all = max(per_need, key=lambda v: per_need[v].mean())
    print("grid:", ", ".join(f"{k}={v}" for k, v in GRID.items()))
    for values, count in chosen.most_common(5):
        print(f"chosen {count}x: {dict(zip(GRID, values))} in-sample ndcg@5 {per_need[values].mean():.4f}")
    print(f"best in-sample: {dict(zip(GRID, best_all))} ndcg@5 {per_need[best_all].mean():.4f}")
    print(f"default weights {dict(zip(GRID, default))}: ndcg@5 {per_need.get(default, np.array([np.nan])).mean():.4f}")
    print(f"summary: cv-ndcg@5 {mean_defined(held_out):.4f} over {folds} folds, {len(per_need)} weight sets, "
          f"{time.perf_counter() - start:.1f}s")


if __name__ == "__main__":
    main(*sys.argv[1:])
