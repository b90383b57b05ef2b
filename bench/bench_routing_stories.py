"""Lawyer routing on questions told as stories (``data/demo/routing_stories.json``), modes side by side.

    HF_HUB_OFFLINE=1 python -m bench.bench_routing_stories [embedder-spec]

The dev set's questions name their subject; these twelve bury it in a story full of incidental
words. Prints the accuracy of the hybrid router, embedding only and TF-IDF only, each with and
without the fields-of-law expansion (``data/legal_fields.csv``), then one summary line.
"""
from __future__ import annotations

import json
import sys
import time

from bench.paths import DEV_JSON, REPO
from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.evaluation import load_dataset
from matching.legal_fields import load_legal_fields
from matching.routing import LawyerRouter

STORIES = REPO / "data" / "demo" / "routing_stories.json"


def main(spec: str = DEFAULT_EMBEDDER_SPEC) -> int:
    start = time.perf_counter()
    lawyers = load_dataset(DEV_JSON).lawyers
    questions = json.loads(STORIES.read_text(encoding="utf-8"))["questions"]
    embedder = make_embedder(spec)
    lawyer_vectors = embedder.encode([lawyer.text for lawyer in lawyers])
    question_vectors = embedder.encode([q["text"] for q in questions])
    accuracy: dict[tuple[str, bool], float] = {}
    for with_fields in (True, False):
        for mode in ("hybrid", "embedding", "tfidf"):
            router = LawyerRouter(embedder=embedder, mode=mode, fields=load_legal_fields() if with_fields else ())
            router.fit(lawyers, lawyer_vectors)
            hits = [router.route(q["text"], question_vector=v).lawyer_id == q["lawyer"]
                    for q, v in zip(questions, question_vectors)]
            accuracy[mode, with_fields] = sum(hits) / len(hits)
            print(f"{mode}{'' if with_fields else '.sans_domaines'}.routing_accuracy {accuracy[mode, with_fields]:.4f}")
    print(f"summary: routing on {len(questions)} story questions with {spec}: hybrid {accuracy['hybrid', True]:.3f} "
          f"(without fields {accuracy['hybrid', False]:.3f}; embedding only {accuracy['embedding', True]:.3f}, "
          f"TF-IDF only {accuracy['tfidf', True]:.3f}) ({time.perf_counter() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
