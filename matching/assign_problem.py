"""The batch pairing problem both solvers of :mod:`matching.assign` take, its validation and shared
preparation (hard rules, candidates), and the result they return with an honest reason for each need left
unmatched."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from wording import count

#: ``progress(stage, fraction)``: stage is a short French label, fraction in [0, 1].
ProgressCallback = Callable[[str, float], None]

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
class Prepared:
    """Validated arrays shared by both solvers."""

    affinity: np.ndarray  # float64, NaN replaced by -inf
    allowed: np.ndarray  # bool, allowed by hard rules
    candidate: np.ndarray  # bool, allowed and >= min_score and > 0
    capacity: np.ndarray  # int64
    region: np.ndarray | None  # int64 region index of each need, or None
    n_regions: int
    max_per_region: int | None


def report_progress(progress: ProgressCallback | None, stage: str, fraction: float) -> None:
    if progress is not None:
        progress(stage, float(min(max(fraction, 0.0), 1.0)))


def validate_problem(problem: AssignmentProblem) -> None:
    """Raise ``ValueError`` (French message) if ``problem`` is malformed."""
    prepare(problem)


def prepare(problem: AssignmentProblem) -> Prepared:
    affinity = np.asarray(problem.affinity)
    if affinity.ndim != 2:
        raise ValueError(
            f"la matrice d'affinité doit être à deux dimensions (besoins × personnes), "
            f"reçu {count(affinity.ndim, 'dimension')}"
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

    return Prepared(
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


def build_result(
    prep: Prepared, need_idx: np.ndarray, person_idx: np.ndarray, method: str, tolerance: float
) -> AssignmentResult:
    order = np.lexsort((person_idx, need_idx))
    need_idx, person_idx = need_idx[order], person_idx[order]
    values = prep.affinity[need_idx, person_idx]
    pairs = [(int(i), int(p), float(a)) for i, p, a in zip(need_idx, person_idx, values)]
    return AssignmentResult(
        pairs=pairs,
        total_affinity=math.fsum(a for _, _, a in pairs),
        needs_covered=len(pairs),
        unmatched=unmatched_reasons(prep, need_idx, person_idx),
        method=method,
        tolerance=tolerance,
    )


def unmatched_reasons(
    prep: Prepared, need_idx: np.ndarray, person_idx: np.ndarray
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
