"""Benchmark of the batch pairing solver (matching.assign).

Run from the repository root::

    python -m bench.bench_assign          # or: python bench/bench_assign.py

It prints:

1. exact (flow) total against the independent scipy ``milp`` optimum on small
   instances, several seeds, with and without the balance rule;
2. the large batch (2,000 needs x 1,000 resource persons, capacity 1 to 3,
   5 % forbidden pairs): exact time (target <= 20 s), greedy total and the
   ratio exact / greedy (must be >= 1);
3. the same large batch under the regional balance rule;

and ends with one summary line.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.assign import AssignmentProblem, compare, solve_exact, solve_greedy
from matching.assign_reference import milp_optimum

TARGET_SECONDS = 20.0
N_REGIONS = 18
MIN_SCORE = 0.2


def make_problem(
    n_needs: int, n_persons: int, seed: int, *, balance: int | None = None
) -> AssignmentProblem:
    """Affinities as cosines of low-rank embeddings clustered around a few themes.

    Needs and offers mix 1-2 of 12 theme directions in a 24-dim space plus
    noise, so each need has a handful of strong matches and many weak ones,
    as with sentence embeddings. Needs come from 18 regions with skewed sizes.
    """
    rng = np.random.default_rng(seed)
    dim, n_themes = 24, 12
    themes = rng.normal(size=(n_themes, dim))

    def embed(n: int) -> np.ndarray:
        weights = rng.dirichlet(np.full(n_themes, 0.15), size=n)
        vectors = weights @ themes + 0.6 * rng.normal(size=(n, dim))
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    affinity = embed(n_needs) @ embed(n_persons).T
    region_weights = rng.dirichlet(np.full(N_REGIONS, 2.0))
    regions = [f"R{r:02d}" for r in rng.choice(N_REGIONS, size=n_needs, p=region_weights)]
    return AssignmentProblem(
        affinity=affinity,
        capacity=rng.integers(1, 4, size=n_persons),
        forbidden=rng.random(affinity.shape) < 0.05,
        min_score=MIN_SCORE,
        need_regions=regions if balance is not None else None,
        max_per_person_per_region=balance,
    )


def check_against_milp(seeds: range, n_needs: int = 60, n_persons: int = 30) -> float:
    """Print exact vs milp totals; return the largest absolute difference."""
    print(f"== exact vs milp indépendant ({n_needs} besoins x {n_persons} personnes)")
    worst = 0.0
    for seed in seeds:
        for balance in (None, 1):
            problem = make_problem(n_needs, n_persons, seed, balance=balance)
            exact = solve_exact(problem)
            reference, _ = milp_optimum(problem)
            greedy = solve_greedy(problem)
            diff = abs(exact.total_affinity - reference)
            worst = max(worst, diff)
            label = "équilibre=1" if balance else "sans équilibre"
            print(
                f"  graine {seed} {label:14s} exact={exact.total_affinity:.9f} "
                f"milp={reference:.9f} écart={diff:.1e} (tol. {exact.tolerance:.1e}) "
                f"glouton={greedy.total_affinity:.6f}"
            )
    return worst


def run_large(balance: int | None) -> tuple[float, float]:
    """Print figures for the 2,000 x 1,000 batch; return (exact seconds, ratio)."""
    problem = make_problem(2000, 1000, seed=2024, balance=balance)
    label = f"règle d'équilibre (max {balance} par personne et région)" if balance else "sans règle d'équilibre"
    n_candidates = int(
        (np.isfinite(problem.affinity) & ~problem.forbidden & (problem.affinity >= MIN_SCORE)).sum()
    )
    print(f"== 2000 besoins x 1000 personnes, {label}")
    print(f"  paires candidates : {n_candidates}, capacité totale : {int(problem.capacity.sum())}")
    comparison = compare(problem)
    exact, greedy = comparison.exact, comparison.greedy
    print(
        f"  exact   : total={exact.total_affinity:.4f} besoins couverts={exact.needs_covered} "
        f"en {comparison.exact_seconds:.2f} s (tolérance {exact.tolerance:.1e})"
    )
    print(
        f"  glouton : total={greedy.total_affinity:.4f} besoins couverts={greedy.needs_covered} "
        f"en {comparison.greedy_seconds:.2f} s"
    )
    print(f"  ratio exact/glouton = {comparison.ratio:.5f}, paires communes = {comparison.shared_pairs}")
    reasons: dict[str, int] = {}
    for reason in exact.unmatched.values():
        reasons[reason.code] = reasons.get(reason.code, 0) + 1
    print(f"  besoins non appariés (exact) par motif : {dict(sorted(reasons.items()))}")
    return comparison.exact_seconds, comparison.ratio


def main() -> int:
    start = time.perf_counter()
    worst = check_against_milp(range(5))
    large_seconds, ratio = run_large(balance=None)
    balance_seconds, balance_ratio = run_large(balance=1)
    ok = worst <= 1e-6 and ratio >= 1.0 and balance_ratio >= 1.0 and large_seconds <= TARGET_SECONDS
    print(
        f"RÉSUMÉ {'OK' if ok else 'ÉCHEC'}: 2000x1000 exact {large_seconds:.2f} s (cible <= {TARGET_SECONDS:.0f} s), "
        f"équilibre {balance_seconds:.2f} s, ratio exact/glouton {ratio:.4f} (équilibre {balance_ratio:.4f}), "
        f"écart max vs milp {worst:.1e}, durée totale {time.perf_counter() - start:.1f} s"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
