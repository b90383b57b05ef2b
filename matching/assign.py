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

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

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

#: ``progress(stage, fraction)``: stage is a short French label, fraction in [0, 1].
ProgressCallback = Callable[[str, float], None]

#: The largest candidate affinity (in absolute value) is scaled to ``2**SCALE_BITS``
#: integer cost units. 2**30 keeps every cost, and OR-Tools' internal
#: ``cost * (num_nodes + 1)`` products, far inside int64 for networks of
#: millions of nodes, while the rounding error stays around 1e-9 per pair.
SCALE_BITS = 30

#: Reason codes for unmatched needs and their French explanation.
REASONS: dict[str, str] = {
    "exclue": (
        "toutes les paires sont exclues par une règle stricte "
        "(même pôle, refus antérieur ou interdiction de l'organisateur)"
    ),
    "sous_seuil": "aucune personne ressource au-dessus du seuil",
    "capacite": "toutes les personnes compatibles sont à pleine capacité",
    "equilibre_regional": (
        "règle d'équilibre régional : les personnes compatibles qui ont encore "
        "de la capacité ont atteint leur plafond pour la région de ce besoin"
    ),
}


@dataclass(frozen=True)
class UnmatchedReason:
    """Why a need received nobody: a stable ``code`` (key of :data:`REASONS`) and its French ``text``."""

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class AssignmentProblem:
    """One batch pairing run, as plain arrays.

    Attributes:
        affinity: ``(n_needs, n_persons)`` float scores; ``-inf`` or ``NaN``
            means forbidden by a hard rule.
        capacity: ``(n_persons,)`` non-negative integers, transfers each person
            can still take this year.
        forbidden: optional ``(n_needs, n_persons)`` booleans, ``True`` for
            pairs excluded by a hard rule (same pole, declined before,
            forbidden by the organiser).
        min_score: pairs below this affinity are never proposed.
        need_regions: optional region code of each need (balance rule).
        max_per_person_per_region: optional balance rule: at most this many
            pairs per resource person among needs of one region. Requires
            ``need_regions``.
    """

    affinity: np.ndarray
    capacity: np.ndarray
    forbidden: np.ndarray | None = None
    min_score: float = 0.0
    need_regions: Sequence[str] | None = None
    max_per_person_per_region: int | None = None

    @property
    def n_needs(self) -> int:
        return int(np.shape(self.affinity)[0])

    @property
    def n_persons(self) -> int:
        return int(np.shape(self.affinity)[1])


@dataclass(frozen=True)
class AssignmentResult:
    """Outcome of one solver.

    Attributes:
        pairs: ``(need, person, affinity)`` sorted by need index.
        total_affinity: sum of the affinities of ``pairs``.
        needs_covered: number of needs that received a person.
        unmatched: reason for every need left without a person.
        method: ``"exact"`` or ``"glouton"``.
        tolerance: proven bound on ``optimum - total_affinity`` (0 for the
            greedy baseline, where it is meaningless): integer cost scaling is
            the only source of error in the exact solver.
    """

    pairs: list[tuple[int, int, float]]
    total_affinity: float
    needs_covered: int
    unmatched: dict[int, UnmatchedReason]
    method: str
    tolerance: float = 0.0


@dataclass(frozen=True)
class Comparison:
    """Exact optimum against the greedy baseline on the same problem."""

    exact: AssignmentResult
    greedy: AssignmentResult
    exact_seconds: float
    greedy_seconds: float

    @property
    def exact_total(self) -> float:
        return self.exact.total_affinity

    @property
    def greedy_total(self) -> float:
        return self.greedy.total_affinity

    @property
    def ratio(self) -> float:
        """``exact_total / greedy_total``; 1.0 when both are 0, ``inf`` when only greedy is 0."""
        if self.greedy_total > 0:
            return self.exact_total / self.greedy_total
        return 1.0 if self.exact_total <= 0 else math.inf

    @property
    def shared_pairs(self) -> int:
        """Number of (need, person) pairs both solvers chose."""
        exact = {(i, p) for i, p, _ in self.exact.pairs}
        return sum((i, p) in exact for i, p, _ in self.greedy.pairs)


# --------------------------------------------------------------------------- #
# Validation and shared preparation
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class _Prepared:
    """Validated arrays shared by both solvers."""

    affinity: np.ndarray  # float64, NaN replaced by -inf
    allowed: np.ndarray  # bool, allowed by hard rules
    candidate: np.ndarray  # bool, allowed and >= min_score and > 0
    capacity: np.ndarray  # int64
    region: np.ndarray | None  # int64 region index of each need, or None
    n_regions: int
    max_per_region: int | None


def _report(progress: ProgressCallback | None, stage: str, fraction: float) -> None:
    if progress is not None:
        progress(stage, float(min(max(fraction, 0.0), 1.0)))


def validate_problem(problem: AssignmentProblem) -> None:
    """Raise ``ValueError`` (French message) if ``problem`` is malformed."""
    _prepare(problem)


def _prepare(problem: AssignmentProblem) -> _Prepared:
    affinity = np.asarray(problem.affinity)
    if affinity.ndim != 2:
        raise ValueError(
            f"la matrice d'affinité doit être à deux dimensions (besoins × personnes), "
            f"reçu {affinity.ndim} dimension(s)"
        )
    if not (np.issubdtype(affinity.dtype, np.floating) or np.issubdtype(affinity.dtype, np.integer)):
        raise ValueError(f"la matrice d'affinité doit être numérique, reçu le type {affinity.dtype}")
    affinity = affinity.astype(np.float64, copy=True)
    n_needs, n_persons = affinity.shape
    if np.any(np.isposinf(affinity)):
        raise ValueError("la matrice d'affinité contient +inf : seules -inf et NaN sont admises (paire interdite)")
    affinity[np.isnan(affinity)] = -np.inf

    capacity = np.asarray(problem.capacity)
    if capacity.ndim != 1 or capacity.shape[0] != n_persons:
        raise ValueError(
            f"les capacités doivent être un vecteur de {n_persons} valeurs (une par personne ressource), "
            f"reçu la forme {capacity.shape}"
        )
    if capacity.dtype == bool or not np.issubdtype(capacity.dtype, np.number):
        raise ValueError(f"les capacités doivent être des entiers, reçu le type {capacity.dtype}")
    if not np.all(np.isfinite(capacity)) or np.any(capacity != np.round(capacity)):
        raise ValueError("les capacités doivent être des entiers")
    if np.any(capacity < 0):
        bad = int(np.flatnonzero(capacity < 0)[0])
        raise ValueError(f"capacité négative pour la personne ressource d'indice {bad} : {capacity[bad]}")
    capacity = capacity.astype(np.int64)

    allowed = np.isfinite(affinity)
    if problem.forbidden is not None:
        forbidden = np.asarray(problem.forbidden)
        if forbidden.shape != affinity.shape:
            raise ValueError(
                f"la matrice des paires interdites doit avoir la forme {affinity.shape}, reçu {forbidden.shape}"
            )
        if forbidden.dtype != bool:
            raise ValueError(f"la matrice des paires interdites doit être booléenne, reçu le type {forbidden.dtype}")
        allowed &= ~forbidden

    min_score = problem.min_score
    if isinstance(min_score, bool) or not isinstance(min_score, (int, float, np.number)):
        raise ValueError(f"le seuil min_score doit être un nombre, reçu {min_score!r}")
    if not math.isfinite(float(min_score)):
        raise ValueError(f"le seuil min_score doit être fini, reçu {min_score!r}")
    candidate = allowed & (affinity >= float(min_score)) & (affinity > 0)

    region: np.ndarray | None = None
    n_regions = 0
    max_per_region = problem.max_per_person_per_region
    if problem.need_regions is not None:
        regions = list(problem.need_regions)
        if len(regions) != n_needs:
            raise ValueError(
                f"need_regions doit donner une région par besoin ({n_needs}), reçu {len(regions)} valeurs"
            )
        if any(not isinstance(r, str) for r in regions):
            raise ValueError("need_regions doit contenir des codes de région (chaînes de caractères)")
        _, inverse = np.unique(np.asarray(regions, dtype=object).astype(str), return_inverse=True)
        region = inverse.astype(np.int64).reshape(-1)
        n_regions = int(region.max()) + 1 if n_needs else 0
    if max_per_region is not None:
        if isinstance(max_per_region, bool) or not isinstance(max_per_region, (int, np.integer)):
            raise ValueError(f"max_per_person_per_region doit être un entier, reçu {max_per_region!r}")
        if max_per_region < 0:
            raise ValueError(f"max_per_person_per_region ne peut pas être négatif, reçu {max_per_region}")
        if region is None:
            raise ValueError("la règle d'équilibre régional (max_per_person_per_region) exige need_regions")
        max_per_region = int(max_per_region)
    else:
        region = None  # regions only matter for the balance rule
        n_regions = 0

    return _Prepared(
        affinity=affinity,
        allowed=allowed,
        candidate=candidate,
        capacity=capacity,
        region=region,
        n_regions=n_regions,
        max_per_region=max_per_region,
    )


# --------------------------------------------------------------------------- #
# Result assembly and honest reasons
# --------------------------------------------------------------------------- #


def _build_result(
    prep: _Prepared, need_idx: np.ndarray, person_idx: np.ndarray, method: str, tolerance: float
) -> AssignmentResult:
    order = np.lexsort((person_idx, need_idx))
    need_idx, person_idx = need_idx[order], person_idx[order]
    values = prep.affinity[need_idx, person_idx]
    pairs = [(int(i), int(p), float(a)) for i, p, a in zip(need_idx, person_idx, values)]
    return AssignmentResult(
        pairs=pairs,
        total_affinity=math.fsum(a for _, _, a in pairs),
        needs_covered=len(pairs),
        unmatched=_unmatched_reasons(prep, need_idx, person_idx),
        method=method,
        tolerance=tolerance,
    )


def _unmatched_reasons(
    prep: _Prepared, need_idx: np.ndarray, person_idx: np.ndarray
) -> dict[int, UnmatchedReason]:
    """Explain each unmatched need from the problem and the final loads.

    Both solvers are *maximal*: an unmatched need never has a candidate with
    both spare capacity and spare regional quota (the exact solver would gain
    by adding it, the greedy one would have taken it). So every unmatched need
    falls into exactly one of the four reasons.
    """
    n_needs, n_persons = prep.affinity.shape
    matched = np.zeros(n_needs, dtype=bool)
    matched[need_idx] = True
    unmatched = np.flatnonzero(~matched)
    if unmatched.size == 0:
        return {}
    load = np.bincount(person_idx, minlength=n_persons)
    spare = load < prep.capacity  # (n_persons,)
    cand = prep.candidate[unmatched]
    has_allowed = prep.allowed[unmatched].any(axis=1)
    has_cand = cand.any(axis=1)
    with_room = cand & spare[None, :]
    if prep.max_per_region is not None and prep.region is not None:
        region_load = np.zeros((prep.n_regions, n_persons), dtype=np.int64)
        np.add.at(region_load, (prep.region[need_idx], person_idx), 1)
        region_full = region_load >= prep.max_per_region
        blocked_by_region = with_room & region_full[prep.region[unmatched]]
        open_slot = with_room & ~blocked_by_region
    else:
        blocked_by_region = np.zeros_like(with_room)
        open_slot = with_room
    if open_slot.any():
        raise RuntimeError("incohérence interne : un besoin non apparié a une personne compatible disponible")

    reasons: dict[int, UnmatchedReason] = {}
    for k, i in enumerate(unmatched.tolist()):
        if not has_allowed[k]:
            code = "exclue"
        elif not has_cand[k]:
            code = "sous_seuil"
        elif blocked_by_region[k].any():
            code = "equilibre_regional"
        else:
            code = "capacite"
        reasons[i] = UnmatchedReason(code, REASONS[code])
    return reasons


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
    _report(progress, "validation", 0.0)
    prep = _prepare(problem)
    n_needs, n_persons = prep.affinity.shape
    ii, pp = np.nonzero(prep.candidate)  # row-major: stable order
    if ii.size == 0:
        _report(progress, "terminé", 1.0)
        return _build_result(prep, ii, pp, "exact", 0.0)

    _report(progress, "construction du réseau", 0.1)
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

    _report(progress, "résolution", 0.4)
    status = network.solve()
    if status != network.OPTIMAL:
        raise RuntimeError(f"le solveur de flot n'a pas trouvé l'optimum (statut {status})")

    _report(progress, "extraction", 0.9)
    pair_arcs = n_needs + np.arange(ii.size)
    chosen = network.flows(pair_arcs) > 0
    result = _build_result(prep, ii[chosen], pp[chosen], "exact", tolerance)
    _report(progress, "terminé", 1.0)
    return result


def solve_greedy(problem: AssignmentProblem, progress: ProgressCallback | None = None) -> AssignmentResult:
    """Baseline: take candidate pairs by decreasing affinity while they fit.

    Ties are broken by need index, then person index, so the run is
    reproducible.
    """
    _report(progress, "validation", 0.0)
    prep = _prepare(problem)
    n_needs, n_persons = prep.affinity.shape
    ii, pp = np.nonzero(prep.candidate)
    values = prep.affinity[ii, pp]
    _report(progress, "tri", 0.1)
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

    _report(progress, "affectation", 0.2)
    for k, (i, p) in enumerate(zip(needs_order, persons_order)):
        if slots_left == 0:
            break
        if progress is not None and k % step == 0:
            _report(progress, "affectation", 0.2 + 0.7 * k / total)
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

    _report(progress, "extraction", 0.9)
    result = _build_result(
        prep,
        np.asarray(chosen_needs, dtype=np.int64),
        np.asarray(chosen_persons, dtype=np.int64),
        "glouton",
        0.0,
    )
    _report(progress, "terminé", 1.0)
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
