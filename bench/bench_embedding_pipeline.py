"""Embedding pipeline overhead and cache behaviour.

1. Throughput: the default embedder encodes N distinct profile texts raw, then through
   ``EmbeddingPipeline`` with an empty ``InMemoryVectorStore`` (same texts, same batch
   size), side by side; the ratio must be >= 0.9.
2. Re-embedding: 10,000 profiles are embedded through the pipeline with a cheap hashing
   embedder (the model's speed is irrelevant here), then embedded again unchanged: the
   second pass must encode 0 texts.

    HF_HUB_OFFLINE=1 python -m bench.bench_embedding_pipeline [n_throughput] [n_corpus] [spec]
"""
from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence

import numpy as np

from bench.bench_suggest import synthetic_offers
from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.pipeline import EmbeddingPipeline, InMemoryVectorStore
from matching.text import profile_text


class HashingEmbedder:
    """Deterministic, fast stand-in for a model (64-dim hashed bag of words)."""

    name = "hashing"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split():
                out[row, int(hashlib.blake2b(word.encode(), digest_size=2).hexdigest(), 16) % 64] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def main(n_throughput: int = 1000, n_corpus: int = 10_000, spec: str = DEFAULT_EMBEDDER_SPEC) -> None:
    n_throughput, n_corpus = int(n_throughput), int(n_corpus)
    rng = np.random.default_rng(1)
    offers = synthetic_offers(max(n_throughput, n_corpus), rng)
    texts = list(dict.fromkeys(profile_text(o.title, o.text) for o in offers))
    sample = texts[:n_throughput]
    embedder = make_embedder(spec)
    embedder.encode(sample[:8])  # load the model outside the timings
    batch = 64
    rates = {"raw": [], "pipeline": []}
    for _ in range(2):  # alternate to even out the noise of a shared machine
        t = time.perf_counter()
        for start in range(0, len(sample), batch):
            embedder.encode(sample[start : start + batch], batch_size=batch)
        rates["raw"].append(len(sample) / (time.perf_counter() - t))
        pipeline = EmbeddingPipeline(embedder, InMemoryVectorStore(), batch_size=batch)
        t = time.perf_counter()
        _, encoded = pipeline.embed(sample)
        rates["pipeline"].append(encoded / (time.perf_counter() - t))
    raw, piped = max(rates["raw"]), max(rates["pipeline"])
    ratio = piped / raw
    print(f"throughput ({spec}, {len(sample)} distinct texts, batch {batch}, best of 2): "
          f"raw {raw:.0f} texts/s, pipeline {piped:.0f} texts/s, ratio {ratio:.2f}")

    corpus = [profile_text(o.title, o.text) for o in offers[:n_corpus]]  # duplicates kept: encoded once
    store = InMemoryVectorStore()
    pipeline = EmbeddingPipeline(HashingEmbedder(), store)
    t = time.perf_counter()
    first, encoded_first = pipeline.embed(corpus)
    t_first = time.perf_counter() - t
    t = time.perf_counter()
    again, encoded_again = pipeline.embed(corpus)
    t_again = time.perf_counter() - t
    assert np.array_equal(first, again)
    print(f"re-embedding {len(corpus)} profiles (hashing embedder, in-memory store): first pass encoded "
          f"{encoded_first} in {t_first:.2f}s, unchanged second pass encoded {encoded_again} in {t_again:.2f}s")
    ok = ratio >= 0.9 and encoded_again == 0
    print(f"summary: pipeline/raw throughput {ratio:.2f} (target >= 0.9), re-embed of {len(corpus)} unchanged "
          f"profiles encoded {encoded_again} (target 0): {'OK' if ok else 'FAIL'}")


if __name__ == "__main__":
    main(*sys.argv[1:])
