"""Batch pairing of PTCE needs with resource persons (Avise's monthly round).

Each need receives at most one resource person; each person takes at most
``capacity[p]`` needs this year and, when the balance rule is on, at most
``max_per_person_per_region`` needs from any one region. Hard rules (same pole,
pairs declined before, pairs the organiser forbids, ``-inf``/``NaN`` affinity)
are never traded for score.

Two solvers share one candidate definition and return the same result type:

* :func:`solve_exact` maximises the total affinity exactly, as a min-cost flow
  (OR-Tools ``SimpleMinCostFlow`` on integer-scaled costs). Network::

      source -> need i            (capacity 1, cost 0)
      need i -> person p          (capacity 1, cost -affinity[i, p] * scale)
      person p -> sink            (capacity capacity[p], cost 0)
      source -> sink              (capacity n_needs, cost 0: needs left unmatched)

  With the balance rule, ``need i -> person p`` goes through an intermediate
  node ``(p, region of i)`` whose arc to ``p`` has capacity
  ``max_per_person_per_region``.
* :func:`solve_greedy` is the baseline: pairs by decreasing affinity, taken
  when the need is still free and the person (and region quota) has room.

:func:`compare` runs both, which is what the organiser console shows.

A pair is a *candidate* when it is allowed by the hard rules, its affinity is
``>= min_score`` and strictly positive: a pair of affinity ``<= 0`` can never
raise the total, so neither solver uses it.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.assign_problem import (
    REASONS, AssignmentProblem, AssignmentResult, Comparison, ProgressCallback, UnmatchedReason, build_result, prepare,
    report_progress, validate_problem,
)

__all__ = [
    "REASONS",
    "SCALE_BITS",
    "AssignmentProblem",
    "AssignmentResult",
    "Comparison",
    "ProgressCallback",
    "UnmatchedReason",
    "compare",
    "solve_exact",
    "solve_greedy",
    "validate_problem",
]

#: The largest candidate affinity (in absolute value) is scaled to ``2**SCALE_BITS``
#: integer cost units. 2**30 keeps every cost, and OR-Tools' internal
#: ``cost * (num_nodes + 1)`` products, far inside int64 for networks of
#: millions of nodes, while the rounding error stays around 1e-9 per pair.
SCALE_BITS = 30


# --------------------------------------------------------------------------- #
# Solvers
# --------------------------------------------------------------------------- #


def solve_exact(problem: AssignmentProblem, progress: ProgressCallback | None = None) -> AssignmentResult:
    """Maximise the total affinity exactly (min-cost flow, see module docstring).

    Affinities are scaled so that the largest candidate ``|affinity|`` becomes
    ``2**SCALE_BITS`` and rounded to integers (at least 1, so that every
    candidate keeps a strictly positive gain). Each chosen pair is off by at
    most ``max|a| / 2**SCALE_BITS``, hence the returned total is within
    ``result.tolerance = 2 * k * max|a| / 2**SCALE_BITS`` of the true optimum,
    ``k`` being the largest possible number of pairs (about 4e-6 for 2,000
    pairs of affinity <= 1).

    The solution is deterministic: the network is built in a fixed order
    (needs, then persons, ascending) and OR-Tools' solver is sequential, so the
    same problem always yields the same pairs.
    """
    report_progress(progress, "validation", 0.0)
    prep = prepare(problem)
    n_needs, n_persons = prep.affinity.shape
    ii, pp = np.nonzero(prep.candidate)  # row-major: stable order
    if ii.size == 0:
        report_progress(progress, "terminé", 1.0)
        return build_result(prep, ii, pp, "exact", 0.0)

    report_progress(progress, "construction du réseau", 0.1)
    values = prep.affinity[ii, pp]
    max_abs = float(values.max())  # candidates are > 0
    # Divide first: ``values / max_abs`` is in (0, 1] even for subnormal affinities.
    gains = np.maximum(np.rint(values / max_abs * float(2**SCALE_BITS)), 1).astype(np.int64)
    max_pairs = int(min(n_needs, int(prep.capacity.sum())))
    tolerance = 2.0 * max_pairs * max_abs / float(2**SCALE_BITS)

    # Node numbering: needs [0, n), then middle nodes, then persons, source, sink.
    if prep.max_per_region is not None and prep.region is not None:
        key = pp * prep.n_regions + prep.region[ii]
        middle_keys, middle_of_pair = np.unique(key, return_inverse=True)
        n_middle = middle_keys.size
        middle_person = middle_keys // prep.n_regions
        pair_heads = n_needs + middle_of_pair.reshape(-1)
        mid_tails = n_needs + np.arange(n_middle)
        mid_heads = n_needs + n_middle + middle_person
        mid_caps = np.full(n_middle, prep.max_per_region, dtype=np.int64)
    else:
        n_middle = 0
        pair_heads = n_needs + pp
        mid_tails = mid_heads = mid_caps = np.zeros(0, dtype=np.int64)
    person0 = n_needs + n_middle
    source = person0 + n_persons
    sink = source + 1

    tails = np.concatenate(
        [np.full(n_needs, source), ii, mid_tails, person0 + np.arange(n_persons), [source]]
    )
    heads = np.concatenate([np.arange(n_needs), pair_heads, mid_heads, np.full(n_persons, sink), [sink]])
    caps = np.concatenate(
        [np.ones(n_needs), np.ones(ii.size), mid_caps, prep.capacity, [n_needs]]
    ).astype(np.int64)
    costs = np.concatenate(
        [np.zeros(n_needs), -gains, np.zeros(mid_caps.size), np.zeros(n_persons), [0]]
    ).astype(np.int64)

    network = min_cost_flow.SimpleMinCostFlow()
    network.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    network.set_node_supply(source, n_needs)
    network.set_node_supply(sink, -n_needs)

    report_progress(progress, "résolution", 0.4)
    status = network.solve()
    if status != network.OPTIMAL:
        raise RuntimeError(f"le solveur de flot n'a pas trouvé l'optimum (statut {status})")

    report_progress(progress, "extraction", 0.9)
    pair_arcs = n_needs + np.arange(ii.size)
    chosen = network.flows(pair_arcs) > 0
    result = build_result(prep, ii[chosen], pp[chosen], "exact", tolerance)
    report_progress(progress, "terminé", 1.0)
    return result


def solve_greedy(problem: AssignmentProblem, progress: ProgressCallback | None = None) -> AssignmentResult:
    """Baseline: take candidate pairs by decreasing affinity while they fit.

    Ties are broken by need index, then person index, so the run is
    reproducible.
    """
    report_progress(progress, "validation", 0.0)
    prep = prepare(problem)
    n_needs, n_persons = prep.affinity.shape
    ii, pp = np.nonzero(prep.candidate)
    values = prep.affinity[ii, pp]
    report_progress(progress, "tri", 0.1)
    order = np.lexsort((pp, ii, -values))
    needs_order = ii[order].tolist()
    persons_order = pp[order].tolist()

    capacity = prep.capacity.tolist()
    load = [0] * n_persons
    matched = [False] * n_needs
    balance = prep.max_per_region is not None and prep.region is not None
    regions = prep.region.tolist() if balance else []
    quota = prep.max_per_region if balance else 0
    region_load: dict[tuple[int, int], int] = {}
    slots_left = min(n_needs, sum(capacity))
    chosen_needs: list[int] = []
    chosen_persons: list[int] = []
    total = len(needs_order)
    step = max(total // 20, 1)

    report_progress(progress, "affectation", 0.2)
    for k, (i, p) in enumerate(zip(needs_order, persons_order)):
        if slots_left == 0:
            break
        if progress is not None and k % step == 0:
            report_progress(progress, "affectation", 0.2 + 0.7 * k / total)
        if matched[i] or load[p] >= capacity[p]:
            continue
        if balance:
            key = (p, regions[i])
            if region_load.get(key, 0) >= quota:
                continue
            region_load[key] = region_load.get(key, 0) + 1
        matched[i] = True
        load[p] += 1
        slots_left -= 1
        chosen_needs.append(i)
        chosen_persons.append(p)

    report_progress(progress, "extraction", 0.9)
    result = build_result(
        prep,
        np.asarray(chosen_needs, dtype=np.int64),
        np.asarray(chosen_persons, dtype=np.int64),
        "glouton",
        0.0,
    )
    report_progress(progress, "terminé", 1.0)
    return result


def compare(problem: AssignmentProblem, progress: ProgressCallback | None = None) -> Comparison:
    """Run the exact solver and the greedy baseline on ``problem``, with timings.

    Progress stages are prefixed ``"exact : "`` (fractions 0 to 0.8) and
    ``"glouton : "`` (0.8 to 1).
    """

    def scoped(prefix: str, start: float, width: float) -> ProgressCallback | None:
        if progress is None:
            return None
        return lambda stage, fraction: progress(f"{prefix} : {stage}", start + width * fraction)

    start = time.perf_counter()
    exact = solve_exact(problem, scoped("exact", 0.0, 0.8))
    exact_seconds = time.perf_counter() - start
    start = time.perf_counter()
    greedy = solve_greedy(problem, scoped("glouton", 0.8, 0.2))
    greedy_seconds = time.perf_counter() - start
    return Comparison(exact=exact, greedy=greedy, exact_seconds=exact_seconds, greedy_seconds=greedy_seconds)
