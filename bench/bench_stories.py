"""Needs and legal questions told as stories (``data/demo/stories.json``), modes side by side.

    HF_HUB_OFFLINE=1 python -m bench.bench_stories [embedder-spec] [stories file]

The default set is ``data/demo/stories.json``; ``stories_b.json`` to ``stories_g.json`` were written
later by others in the same way (needs first, offers read only to grade them). The engine is tuned on
dev.json and on stories_c, stories_d, stories_e (a check set until 07/12/2026) and stories_g (the story tuning sets;
g is mostly legal questions); stories.json, stories_b.json, stories_f.json, stories_h.json, stories_i.json, stories_j.json
and stories_k.json are only checked, once per change.

dev.json's needs and questions mostly name their subject; these bury it in a story full of
incidental words, as the held-out sets do. They are ranked against dev.json's offers and
routed to its lawyers. Prints nDCG@5, Recall@5 and MRR of the mentor ranking and the routing
accuracy, for the hybrid engine and the embedding-only and TF-IDF-only baselines, plus the
hybrid routing without the fields-of-law expansion; then one summary line.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.paths import DEV_JSON, REPO
from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.evaluation import Dataset, evaluate, format_report, parse_dataset, past_pairings

STORIES = REPO / "data" / "demo" / "stories.json"
#: The story tuning sets; with dev.json, the history of past pairings the check sets are also ranked with.
TUNING_SETS = ("stories_c.json", "stories_d.json", "stories_e.json", "stories_g.json")


def history_sets(dev: dict, evaluated: Path) -> list[Dataset]:
    """dev.json and the story tuning sets, never the set being evaluated: the platform's past pairings."""
    sets = [] if evaluated.name == "dev.json" else [parse_dataset(dev, name="dev")]
    for name in TUNING_SETS:
        if name != evaluated.name:
            raw = json.loads((REPO / "data" / "demo" / name).read_text(encoding="utf-8"))
            sets.append(parse_dataset({**dev, "needs": raw["needs"], "questions": raw["questions"]}, name=name))
    return sets


def main(spec: str = DEFAULT_EMBEDDER_SPEC, path: str = str(STORIES)) -> int:
    start = time.perf_counter()
    dev = json.loads(DEV_JSON.read_text(encoding="utf-8"))
    stories = json.loads(Path(path).read_text(encoding="utf-8"))
    dataset = parse_dataset({**dev, "needs": stories["needs"], "questions": stories["questions"]}, name="stories")
    embedder = make_embedder(spec)
    report = evaluate(dataset, embedder=embedder, without_themes=False, theme_scores=False)
    print(format_report(report))
    no_fields = evaluate(dataset, embedder=embedder, modes=("hybrid",), legal_fields=(), without_themes=False,
                         theme_scores=False)
    print(f"hybrid.sans_domaines.routing_accuracy {no_fields.metrics['hybrid']['routing_accuracy']:.4f}")
    past = past_pairings(history_sets(dev, Path(path)))
    with_history = evaluate(dataset, embedder=embedder, modes=("hybrid",), without_themes=False, theme_scores=False,
                            history=past).metrics["hybrid"]
    for key in ("ndcg@5", "recall@5", "mrr"):
        print(f"hybrid.avec_historique.{key} {with_history[key]:.4f}")
    m = report.metrics
    print(f"summary ({Path(path).name}): {len(dataset.needs)} story needs, {len(dataset.questions)} story questions with {spec}: "
          f"ndcg@5 hybrid {m['hybrid']['ndcg@5']:.3f} / embedding {m['embedding']['ndcg@5']:.3f} / tfidf "
          f"{m['tfidf']['ndcg@5']:.3f}; with {len(past)} past pairings {with_history['ndcg@5']:.3f}; "
          f"routing hybrid {m['hybrid']['routing_accuracy']:.3f} (without fields "
          f"{no_fields.metrics['hybrid']['routing_accuracy']:.3f}) / embedding {m['embedding']['routing_accuracy']:.3f} "
          f"/ tfidf {m['tfidf']['routing_accuracy']:.3f} ({time.perf_counter() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
