"""What a hybrid score means: how often a pair at or above a score is relevant, on the labelled sets.

    HF_HUB_OFFLINE=1 python -m bench.bench_score_scale [embedder-spec]

The hybrid score is a sum of per-need z-scores and theme overlaps, so its number says nothing by
itself; the words a person reads (« très proche », « proche », « à examiner ») and the organisers'
list of needs without a good match rest on two thresholds (``matching.explain``). This prints, over
every allowed (need, offer) pair of dev.json without need themes and of the story sets graded against
its offers, the share of pairs at or above each score that a grader found relevant (grade 1 or 2) or
ideal (grade 2), and the score of each need's first card by its grade; then one summary line with the
shares at the two thresholds. Needs are kept in these sets only when some offer answers them, so the
first card is relevant more often here than on a live platform: the shares are read pair by pair.
"""
from __future__ import annotations

import json
import sys
import time

import numpy as np

from bench.paths import DEV_JSON, REPO
from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.engine import HybridMatcher
from matching.evaluation import fit_theme_model, parse_dataset, without_need_themes
from matching.explain import CLOSE_SCORE, VERY_CLOSE_SCORE
from matching.pipeline import EmbeddingPipeline, InMemoryVectorStore
from matching.text import profile_text
from matching.theme_inference import load_theme_situations
from matching.themes import load_theme_labels

STORY_SETS = ("stories_b", "stories_c", "stories_d", "stories_e", "stories_f", "stories_g")
THRESHOLDS = (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0)


def _datasets(dev: dict) -> list:
    sets = [without_need_themes(parse_dataset(dev, name="dev"))]
    for name in STORY_SETS:
        story = json.loads((REPO / "data" / "demo" / f"{name}.json").read_text(encoding="utf-8"))
        sets.append(parse_dataset({**dev, "needs": story["needs"], "questions": []}, name=name))
    return sets


def scored_pairs(dataset, embedder) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scores and grades of every allowed pair, and of each need's first card."""
    labels = load_theme_labels()
    matcher = HybridMatcher(embedder=embedder, theme_labels=labels,
                            theme_model=fit_theme_model(dataset, list(labels), load_theme_situations()))
    pipeline = EmbeddingPipeline(embedder, InMemoryVectorStore())
    matcher.fit(dataset.offers, pipeline.embed([profile_text(o.title, o.text) for o in dataset.offers])[0])
    scores = matcher.score_matrix(dataset.needs, pipeline.embed([profile_text(n.title, n.text)
                                                                 for n in dataset.needs])[0])
    grades = np.array([[dataset.relevance[n.id].get(o, 0) for o in matcher.offer_ids_] for n in dataset.needs])
    allowed = np.isfinite(scores)
    first = np.argmax(np.where(allowed, scores, -np.inf), axis=1)
    rows = np.arange(len(dataset.needs))
    return scores[allowed], grades[allowed], scores[rows, first], grades[rows, first]


def main(spec: str = DEFAULT_EMBEDDER_SPEC) -> int:
    start = time.perf_counter()
    embedder = make_embedder(spec)
    dev = json.loads(DEV_JSON.read_text(encoding="utf-8"))
    parts = [scored_pairs(dataset, embedder) for dataset in _datasets(dev)]
    scores, grades, first, first_grades = (np.concatenate([p[i] for p in parts]) for i in range(4))
    print(f"{len(scores)} pairs, {len(first)} needs (dev.json without need themes, {', '.join(STORY_SETS)})")
    print("score >=  pairs  relevant  ideal")
    for threshold in THRESHOLDS:
        kept = scores >= threshold
        print(f"{threshold:8.1f} {kept.sum():6d} {np.mean(grades[kept] >= 1):9.2f} {np.mean(grades[kept] >= 2):6.2f}")
    for grade in (2, 1, 0):
        values = first[first_grades == grade]
        if len(values):
            low, q1, median, q3, high = np.percentile(values, [10, 25, 50, 75, 90])
            print(f"first card of grade {grade}: {len(values)} needs, score deciles 10/25/50/75/90: "
                  f"{low:.1f} / {q1:.1f} / {median:.1f} / {q3:.1f} / {high:.1f}")
    close, very = scores >= CLOSE_SCORE, scores >= VERY_CLOSE_SCORE
    print(f"summary: « proche » from {CLOSE_SCORE:g}: {np.mean(grades[close] >= 1):.2f} of pairs relevant; "
          f"« très proche » from {VERY_CLOSE_SCORE:g}: {np.mean(grades[very] >= 1):.2f} relevant, "
          f"{np.mean(grades[very] >= 2):.2f} ideal ({len(scores)} pairs, {time.perf_counter() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
