"""Evaluate the engine on a labelled dataset, every mode side by side (what ``entrepairs eval`` prints).

    HF_HUB_OFFLINE=1 python -m bench.bench_eval [dataset.json] [embedder-spec]
"""
from __future__ import annotations

from bench.paths import DEV_JSON
import sys
import time

from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.evaluation import DatasetError, evaluate, format_report, load_dataset


def main(path: str = str(DEV_JSON), spec: str = DEFAULT_EMBEDDER_SPEC) -> int:
    start = time.perf_counter()
    try:
        dataset = load_dataset(path)
    except DatasetError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    report = evaluate(dataset, embedder=make_embedder(spec))
    print(format_report(report))
    hybrid = report.metrics["hybrid"]
    print(f"summary: {dataset.name} with {spec}: hybrid ndcg@5 {hybrid['ndcg@5']:.4f}, recall@5 "
          f"{hybrid['recall@5']:.4f}, routing {hybrid.get('routing_accuracy', float('nan')):.4f}, "
          f"conflicts {int(hybrid['conflicts'])} ({time.perf_counter() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
