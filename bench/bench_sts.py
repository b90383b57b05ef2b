"""French STS check of the engine's text similarity, for several embedders side by side.

    HF_HUB_OFFLINE=1 python -m bench.bench_sts [sts.csv] [spec ...]
"""
from __future__ import annotations

from bench.paths import STS_FR
import sys
import time

from matching.embedders import make_embedder
from matching.sts import embedding_similarity, engine_similarity, evaluate_sts, lexical_similarity


def main(path: str = str(STS_FR), *specs: str) -> None:
    specs = specs or ("use-multilingual", "minilm")
    start = time.perf_counter()
    print(f"char-tfidf spearman×100 {evaluate_sts(path, similarity=lexical_similarity):.2f}")
    results = {}
    for spec in specs:
        embedder = make_embedder(spec)
        alone = evaluate_sts(path, similarity=embedding_similarity(embedder))
        blend = evaluate_sts(path, similarity=engine_similarity(embedder))
        results[spec] = blend
        print(f"{spec} spearman×100 {alone:.2f}  engine(0.7 emb + 0.3 char) {blend:.2f}")
    best = max(results, key=results.get)
    print(f"summary: best engine similarity {best} {results[best]:.2f} ({time.perf_counter() - start:.0f}s)")


if __name__ == "__main__":
    main(*sys.argv[1:])
