"""Latency of ``HybridMatcher.suggest`` for one need among 10,000 offers with cached vectors.

Offers are synthetic but realistic: each recombines 3–5 sentences of different dev.json
offers, with their themes, random poles, regions and capacities. Vectors are random unit
vectors of the default embedder's size (512): ``suggest`` never encodes offers when vectors
are given, so their values do not change the timing. Theme inference is on: the theme model
is fitted on the synthetic offers' themes and the reference situations, and the needs are
dev.json's with their themes removed, so every suggestion reads the need theme model (the same offers, the
situations and the shipped answered needs, ``matching/asked_themes.py``). The offers carry a history of
5,000 past pairings (``matching/history.py``), half of them needs close to the measured ones (so the vote
path runs). Usage:

    python -m bench.bench_suggest [--cold] [n_offers] [n_needs]

By default the needs are dev.json's 50 taken in turn, so most calls find what a need's first call left in the
caches (its words, the rows of the offers' sentences shown). ``--cold`` measures each distinct need once, on its
first call (at most 50), as when a facilitator opens her need's suggestions after editing it; the warm-up call then
reads an offer's text as a need, never a measured one. Times are wall clock and, next to them, the CPU time of the
process (all threads): the machine is shared, and CPU time says what a change costs when its neighbours are busy.
BLAS runs on one thread, as in the web workers, unless ``OPENBLAS_NUM_THREADS`` says otherwise.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import time

# As in the web workers (app/gunicorn_conf.py), before NumPy loads OpenBLAS: ``OPENBLAS_NUM_THREADS=2`` measures the former
# setting.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bench.paths import DEV_JSON

import numpy as np

from matching.engine import HybridMatcher
from matching.evaluation import load_dataset
from matching.asked_themes import fit_need_theme_model, load_asked_examples
from matching.history import PairingHistory, PastPairing
from matching.text import profile_text, split_sentences
from matching.theme_inference import ThemeModel, load_theme_situations
from matching.themes import load_theme_labels
from matching.types import OfferProfile

DEV = str(DEV_JSON)
REGIONS = ["Occitanie", "Bretagne", "Hauts-de-France", "Grand Est", "Normandie", "Guadeloupe", "Île-de-France"]
MATURITIES = [None, "en_creation", "emergent", "consolide"]


def synthetic_offers(n: int, rng: np.random.Generator) -> list[OfferProfile]:
    ds = load_dataset(DEV)
    sources = [(split_sentences(o.text), o) for o in ds.offers]
    offers = []
    for i in range(n):
        picks = rng.choice(len(sources), size=int(rng.integers(3, 6)), replace=False)
        sentences = [sources[p][0][int(rng.integers(len(sources[p][0])))] for p in picks]
        main = sources[picks[0]][1]
        offers.append(
            OfferProfile(
                id=f"s{i:05d}", title=main.title, text=" ".join(sentences),
                themes=tuple(sorted({t for p in picks[:2] for t in sources[p][1].themes}))[:4],
                pole=f"Pôle {int(rng.integers(300))}" if rng.random() < 0.6 else None,
                region=REGIONS[int(rng.integers(len(REGIONS)))],
                maturity=MATURITIES[int(rng.integers(len(MATURITIES)))],
                capacity_left=int(rng.integers(0, 4)),
            )
        )
    return offers


def unit(rng: np.random.Generator, n: int, dim: int = 512) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def main(*args: str) -> None:
    cold = "--cold" in args
    sizes = [int(a) for a in args if a != "--cold"]
    n_offers, n_needs = (sizes + [10_000, 200][len(sizes):])[:2]
    rng = np.random.default_rng(0)
    offers = synthetic_offers(n_offers, rng)
    offer_vecs = unit(rng, n_offers)
    labels = load_theme_labels()
    t0 = time.perf_counter()
    themes = ThemeModel(codes=list(labels), situations=load_theme_situations())
    themes.fit([profile_text(o.title, o.text) for o in offers], [o.themes for o in offers])
    themes_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    need_themes = fit_need_theme_model(list(labels), load_theme_situations(),
                                       [(profile_text(o.title, o.text), o.themes) for o in offers], load_asked_examples())
    need_themes_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    matcher = HybridMatcher(embedder=None, theme_labels=labels, theme_model=themes,
                            need_theme_model=need_themes).fit(offers, offer_vecs)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    matcher.offer_theme_weights()  # themes read in the offers' texts, once per theme model
    read_s = time.perf_counter() - t0
    dev_needs = [dataclasses.replace(n, themes=()) for n in load_dataset(DEV).needs]
    if cold:
        n_needs = min(n_needs, len(dev_needs))
    needs = [dev_needs[i % len(dev_needs)] for i in range(n_needs)]
    need_vecs = unit(rng, n_needs)
    past = [PastPairing(need_id=f"past{h}", offer_id=offers[int(rng.integers(n_offers))].id, text="")
            for h in range(5_000)]
    past_vecs = unit(rng, len(past))
    past_vecs[::2] = need_vecs[np.arange(len(past))[::2] % n_needs] + 0.3 * past_vecs[::2] / np.sqrt(2)
    matcher.history = PairingHistory(past, past_vecs)
    warm_up = (dataclasses.replace(needs[0], id="warm-up", title=offers[0].title, text=offers[0].text) if cold
               else needs[0])
    matcher.suggest(warm_up, need_vector=need_vecs[0])
    suggest_ms, suggest_cpu_ms, matmul_ms = [], [], []
    for need, vec in zip(needs, need_vecs):
        t, cpu = time.perf_counter(), time.process_time()
        result = matcher.suggest(need, need_vector=vec, k=5)
        suggest_ms.append((time.perf_counter() - t) * 1000)
        suggest_cpu_ms.append((time.process_time() - cpu) * 1000)
        t = time.perf_counter()
        scores = offer_vecs @ vec
        np.argpartition(-scores, 4)[:5]
        matmul_ms.append((time.perf_counter() - t) * 1000)
        assert len(result) == 5 and all(s.explanation.reasons for s in result)
    s50, s95 = np.percentile(suggest_ms, [50, 95])
    c50, c95 = np.percentile(suggest_cpu_ms, [50, 95])
    m50, m95 = np.percentile(matmul_ms, [50, 95])
    print(f"offers {n_offers}, needs {n_needs}, fit {fit_s:.1f}s (TF-IDF index of the offers), "
          f"theme model {themes_s:.1f}s, need theme model {need_themes_s:.1f}s, themes read in the offers {read_s:.1f}s")
    calls = "each need's first call" if cold else "needs taken in turn"
    print(f"suggest (k=5, with explanations, {calls}): p50 {s50:.2f} ms  p95 {s95:.2f} ms  "
          f"(CPU p50 {c50:.2f} ms  p95 {c95:.2f} ms)")
    print(f"bare matrix product + top-5:      p50 {m50:.2f} ms  p95 {m95:.2f} ms")
    verdict = "OK" if s95 <= 30 else "TOO SLOW"
    print(f"summary: suggest p95 {s95:.1f} ms (CPU {c95:.1f} ms{', cold: each need seen once' if cold else ''}, "
          f"BLAS threads {os.environ['OPENBLAS_NUM_THREADS']}) "
          f"over {n_offers} offers, theme inference and 5,000 past pairings on "
          f"(target <= 30 ms: {verdict}); "
          f"bare matmul p95 {m95:.2f} ms")


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)
    else:
        main(*sys.argv[1:])
