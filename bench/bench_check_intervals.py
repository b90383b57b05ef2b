"""How sure are we that a check set is below or above the goal? Bootstrap intervals over its needs and questions.

    HF_HUB_OFFLINE=1 python -m bench.bench_check_intervals [embedder-spec]

For each check set (``CHECK_SETS``, never a tuning set; items are read by the engine, never printed), ranked against
dev.json's offers and routed to its lawyers as ``bench_stories`` does: nDCG@5 and Recall@5 of the hybrid ranking,
without and with the platform's past pairings (dev.json and the story tuning sets: ``bench_stories``'s line
``hybrid.avec_historique``), and the hybrid routing accuracy; each with a 95 % percentile bootstrap interval over the
set's needs (or questions), ``RESAMPLES`` resamples, fixed seed. Then the same pooled over every check set (each set
resampled within itself, so the pooled figure keeps each set's size) and for the mean of the sets' figures, the one
the README quotes. Recall@5 and routing are shares of 0/1 items: at 1.000 a bootstrap interval collapses to a point,
so their Wilson score interval is printed beside it, and their verdict reads the wider of the two.

Each figure is judged against #18's goal for the held-out sets (nDCG@5 ≥ 0.88, Recall@5 ≥ 0.97, routing ≥ 0.90):
« below » or « above » when the whole interval is, else « undecided », with the share of resamples at or above the
goal. Ends with one summary line.
"""
from __future__ import annotations

import dataclasses
import json
import math
import sys
import time
from dataclasses import dataclass

import numpy as np

from bench.bench_stories import history_sets
from bench.paths import DEV_JSON, REPO
from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.evaluation import evaluate, parse_dataset, past_pairings

CHECK_SETS = ("stories.json", "stories_b.json", "stories_f.json", "stories_h.json", "stories_i.json",
              "stories_j.json", "stories_k.json")
GOALS = {"ndcg@5": 0.88, "recall@5": 0.97, "routing": 0.90}
RESAMPLES = 2000
SEED = 20261207
LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float
    share_at_goal: float  # share of resamples at or above the goal

    def verdict(self, goal: float) -> str:
        return verdict(self.low, self.high, goal)


def verdict(low: float, high: float, goal: float) -> str:
    if high < goal:
        return "below"
    if low >= goal:
        return "above"
    return "undecided"


def defined(values: list[float | None]) -> np.ndarray:
    return np.array([v for v in values if v is not None], dtype=np.float64)


def resampled_means(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``RESAMPLES`` means of ``values`` resampled with replacement."""
    picks = rng.integers(0, len(values), size=(RESAMPLES, len(values)))
    return values[picks].mean(axis=1)


def interval(value: float, draws: np.ndarray, goal: float) -> Interval:
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(draws, [tail, 100 - tail])
    return Interval(value, float(low), float(high), float(np.mean(draws >= goal - 1e-12)))


def wilson(successes: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a proportion (does not collapse at 0 or 1 as the bootstrap does)."""
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def judged(iv: Interval, goal: float, binary: np.ndarray | None) -> str:
    """The verdict on the bootstrap interval; for 0/1 items, on the Wilson interval when the two disagree (a
    bootstrap at 1.000 is the single point [1.000 ; 1.000], which says « above » of any goal)."""
    if binary is None:
        return iv.verdict(goal)
    low, high = wilson(float(binary.sum()), len(binary))
    return verdict(min(low, iv.low), max(high, iv.high), goal)


def line(label: str, metric: str, n: int, iv: Interval, binary: np.ndarray | None = None) -> tuple[str, str]:
    """The printed line and its verdict."""
    goal = GOALS[metric.split(" ")[0]]
    said = judged(iv, goal, binary)
    text = (f"  {label:<16} {metric:<14} n={n:<4d} {iv.value:.3f}  [{iv.low:.3f} ; {iv.high:.3f}]  "
            f"±{(iv.high - iv.low) / 2:.3f}  goal {goal:.2f}: {said:<9} P(≥goal) {iv.share_at_goal:.2f}")
    if binary is not None:
        low, high = wilson(float(binary.sum()), len(binary))
        text += f"  Wilson [{low:.3f} ; {high:.3f}]"
    return text, said


def measure(spec: str) -> dict[str, dict[str, np.ndarray]]:
    """Item values of each check set: ``ndcg@5``, ``recall@5`` (with and without history), ``routing``."""
    embedder = make_embedder(spec)
    dev = json.loads(DEV_JSON.read_text(encoding="utf-8"))
    out: dict[str, dict[str, np.ndarray]] = {}
    for name in CHECK_SETS:
        path = REPO / "data" / "demo" / name
        story = json.loads(path.read_text(encoding="utf-8"))
        dataset = parse_dataset({**dev, "needs": story["needs"], "questions": story["questions"]}, name=path.stem)
        plain = evaluate(dataset, embedder=embedder, modes=("hybrid",), without_themes=False, theme_scores=False)
        past = past_pairings(history_sets(dev, path))
        needs_only = dataclasses.replace(dataset, questions=[])
        with_history = evaluate(needs_only, embedder=embedder, modes=("hybrid",), without_themes=False,
                                theme_scores=False, history=past)
        items, hist = plain.per_item["hybrid"], with_history.per_item["hybrid"]
        out[path.stem] = {
            "ndcg@5": defined(items["ndcg@5"]), "recall@5": defined(items["recall@5"]),
            "ndcg@5 hist": defined(hist["ndcg@5"]), "recall@5 hist": defined(hist["recall@5"]),
            "routing": defined(items.get("routing", [])),
        }
    return out


def main(spec: str = DEFAULT_EMBEDDER_SPEC) -> int:
    start = time.perf_counter()
    values = measure(spec)
    rng = np.random.default_rng(SEED)
    metrics = ("ndcg@5", "recall@5", "ndcg@5 hist", "recall@5 hist", "routing")
    draws: dict[str, dict[str, np.ndarray]] = {}
    verdicts: dict[str, list[str]] = {m: [] for m in metrics}
    print(f"95 % percentile bootstrap over items, {RESAMPLES} resamples, seed {SEED}; engine hybrid, {spec}")
    for name, by_metric in values.items():
        print(name)
        draws[name] = {}
        for metric in metrics:
            items = by_metric[metric]
            if not len(items):
                continue
            draws[name][metric] = resampled_means(items, rng)
            iv = interval(float(items.mean()), draws[name][metric], GOALS[metric.split(" ")[0]])
            text, said = line(name, metric, len(items), iv, None if metric.startswith("ndcg") else items)
            verdicts[metric].append(f"{name} {said}")
            print(text)
    print("all check sets")
    summary = {}
    for metric in metrics:
        goal = GOALS[metric.split(" ")[0]]
        sets = [name for name in values if metric in draws[name]]
        pooled_items = np.concatenate([values[name][metric] for name in sets])
        sizes = np.array([len(values[name][metric]) for name in sets], dtype=np.float64)
        set_draws = np.stack([draws[name][metric] for name in sets])
        pooled = interval(float(pooled_items.mean()), (set_draws * sizes[:, None]).sum(axis=0) / sizes.sum(), goal)
        text, said = line("pooled", metric, len(pooled_items), pooled,
                          None if metric.startswith("ndcg") else pooled_items)
        print(text)
        mean = interval(float(np.mean([values[name][metric].mean() for name in sets])), set_draws.mean(axis=0), goal)
        print(line(f"mean of {len(sets)} sets", metric, len(pooled_items), mean)[0])
        summary[metric] = (pooled, mean, said)
    print("per set verdicts: " + "; ".join(f"{m}: {', '.join(v)}" for m, v in verdicts.items()))
    (ndcg, _, ndcg_said), (recall, _, recall_said), (routing, _, routing_said) = (
        summary[m] for m in ("ndcg@5", "recall@5", "routing"))
    print(f"summary: {len(CHECK_SETS)} check sets pooled, hybrid nDCG@5 {ndcg.value:.3f} [{ndcg.low:.3f} ; "
          f"{ndcg.high:.3f}] ({ndcg_said} 0.88), Recall@5 {recall.value:.3f} [{recall.low:.3f} ; "
          f"{recall.high:.3f}] ({recall_said} 0.97), routing {routing.value:.3f} "
          f"[{routing.low:.3f} ; {routing.high:.3f}] ({routing_said} 0.90); mean of sets nDCG@5 "
          f"{summary['ndcg@5'][1].value:.3f} [{summary['ndcg@5'][1].low:.3f} ; {summary['ndcg@5'][1].high:.3f}] "
          f"({time.perf_counter() - start:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
