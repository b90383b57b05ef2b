"""Tests for matching.assign: exact batch pairing and its greedy baseline."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.assign import (
    REASONS,
    AssignmentProblem,
    AssignmentResult,
    compare,
    solve_exact,
    solve_greedy,
    validate_problem,
)
from matching.assign_reference import milp_optimum

SOLVERS = [solve_exact, solve_greedy]
TOL = 1e-6


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def random_problem(
    seed: int,
    n_needs: int = 30,
    n_persons: int = 12,
    *,
    balance: int | None = None,
    min_score: float = 0.1,
) -> AssignmentProblem:
    rng = np.random.default_rng(seed)
    affinity = rng.uniform(-0.2, 1.0, size=(n_needs, n_persons))
    affinity[rng.random(affinity.shape) < 0.03] = -np.inf
    regions = [f"R{r}" for r in rng.integers(0, 4, n_needs)]
    return AssignmentProblem(
        affinity=affinity,
        capacity=rng.integers(0, 4, n_persons),
        forbidden=rng.random(affinity.shape) < 0.1,
        min_score=min_score,
        need_regions=regions if balance is not None else None,
        max_per_person_per_region=balance,
    )


def assert_feasible(problem: AssignmentProblem, result: AssignmentResult) -> None:
    """Every hard rule, checked straight from the problem's raw fields."""
    affinity = np.asarray(problem.affinity, dtype=float)
    needs = [i for i, _, _ in result.pairs]
    assert len(needs) == len(set(needs)), "un besoin a reçu deux personnes"
    load = np.bincount([p for _, p, _ in result.pairs], minlength=affinity.shape[1])
    assert np.all(load <= np.asarray(problem.capacity))
    for i, p, a in result.pairs:
        assert np.isfinite(affinity[i, p])
        assert a == affinity[i, p]
        assert a >= problem.min_score
        if problem.forbidden is not None:
            assert not problem.forbidden[i, p]
    if problem.max_per_person_per_region is not None:
        per_region: dict[tuple[int, str], int] = {}
        for i, p, _ in result.pairs:
            key = (p, problem.need_regions[i])
            per_region[key] = per_region.get(key, 0) + 1
        assert max(per_region.values(), default=0) <= problem.max_per_person_per_region
    assert result.needs_covered == len(result.pairs)
    assert set(result.unmatched) == set(range(affinity.shape[0])) - set(needs)
    assert result.total_affinity == pytest.approx(sum(a for _, _, a in result.pairs))


def brute_force_optimum(problem: AssignmentProblem) -> float:
    """Try every assignment (each need: nobody or one person). Tiny problems only."""
    affinity = np.asarray(problem.affinity, dtype=float)
    n_needs, n_persons = affinity.shape
    best = 0.0
    for choice in itertools.product(range(-1, n_persons), repeat=n_needs):
        pairs = [(i, p) for i, p in enumerate(choice) if p >= 0]
        if any(
            not np.isfinite(affinity[i, p])
            or affinity[i, p] < problem.min_score
            or (problem.forbidden is not None and problem.forbidden[i, p])
            for i, p in pairs
        ):
            continue
        load = np.bincount([p for _, p in pairs], minlength=n_persons)
        if np.any(load > problem.capacity):
            continue
        if problem.max_per_person_per_region is not None:
            keys = [(p, problem.need_regions[i]) for i, p in pairs]
            if any(keys.count(k) > problem.max_per_person_per_region for k in set(keys)):
                continue
        best = max(best, sum(affinity[i, p] for i, p in pairs))
    return best


@st.composite
def problems(draw: st.DrawFn, max_needs: int = 8, max_persons: int = 5) -> AssignmentProblem:
    n_needs = draw(st.integers(1, max_needs))
    n_persons = draw(st.integers(1, max_persons))
    cells = st.one_of(
        st.floats(-1.0, 1.0, allow_nan=False),
        st.sampled_from([0.5, 0.25, -np.inf, np.nan]),  # ties and hard rules
    )
    affinity = np.array(draw(st.lists(cells, min_size=n_needs * n_persons, max_size=n_needs * n_persons)))
    forbidden = np.array(draw(st.lists(st.booleans(), min_size=affinity.size, max_size=affinity.size)))
    balance = draw(st.sampled_from([None, 0, 1, 2]))
    return AssignmentProblem(
        affinity=affinity.reshape(n_needs, n_persons),
        capacity=np.array(draw(st.lists(st.integers(0, 3), min_size=n_persons, max_size=n_persons))),
        forbidden=forbidden.reshape(n_needs, n_persons) if draw(st.booleans()) else None,
        min_score=draw(st.sampled_from([-0.5, 0.0, 0.3])),
        need_regions=draw(st.lists(st.sampled_from("AB"), min_size=n_needs, max_size=n_needs)),
        max_per_person_per_region=balance,
    )


# --------------------------------------------------------------------------- #
# Hard rules
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("seed", range(5))
def test_solver_random_instances_respect_all_rules(solver, seed: int) -> None:
    for balance in (None, 1):
        problem = random_problem(seed, balance=balance)
        assert_feasible(problem, solver(problem))


@pytest.mark.parametrize("solver", SOLVERS)
def test_capacity_respected_when_everyone_wants_one_person(solver) -> None:
    affinity = np.array([[0.9, 0.1], [0.8, 0.1], [0.7, 0.1], [0.6, 0.1]])
    problem = AssignmentProblem(affinity=affinity, capacity=np.array([2, 0]))
    result = solver(problem)
    assert [p for _, p, _ in result.pairs] == [0, 0]
    assert {i: r.code for i, r in result.unmatched.items()} == {2: "capacite", 3: "capacite"}


@pytest.mark.parametrize("solver", SOLVERS)
def test_forbidden_pair_never_chosen_even_when_best(solver) -> None:
    affinity = np.array([[0.99, 0.2], [0.3, 0.4]])
    forbidden = np.array([[True, False], [False, False]])
    problem = AssignmentProblem(affinity=affinity, capacity=np.array([1, 1]), forbidden=forbidden)
    result = solver(problem)
    assert (0, 0) not in {(i, p) for i, p, _ in result.pairs}
    assert_feasible(problem, result)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("hard", [-np.inf, np.nan])
def test_forbidden_pair_never_chosen_when_affinity_not_finite(solver, hard: float) -> None:
    problem = AssignmentProblem(affinity=np.array([[hard, 0.2]]), capacity=np.array([1, 1]))
    assert solver(problem).pairs == [(0, 1, 0.2)]


@pytest.mark.parametrize("solver", SOLVERS)
def test_min_score_respected_below_threshold(solver) -> None:
    affinity = np.array([[0.49, 0.8], [0.3, 0.2]])
    problem = AssignmentProblem(affinity=affinity, capacity=np.array([1, 1]), min_score=0.5)
    result = solver(problem)
    assert result.pairs == [(0, 1, 0.8)]
    assert result.unmatched[1].code == "sous_seuil"


@pytest.mark.parametrize("solver", SOLVERS)
def test_negative_affinity_not_chosen_when_min_score_negative(solver) -> None:
    problem = AssignmentProblem(affinity=np.array([[-0.1, -0.3]]), capacity=np.array([1, 1]), min_score=-1.0)
    result = solver(problem)
    assert result.pairs == []
    assert result.unmatched[0].code == "sous_seuil"


@pytest.mark.parametrize("solver", SOLVERS)
def test_balance_rule_respected_with_spare_capacity(solver) -> None:
    affinity = np.array([[0.9, 0.2], [0.8, 0.2], [0.7, 0.2]])
    problem = AssignmentProblem(
        affinity=affinity,
        capacity=np.array([3, 1]),
        need_regions=["IDF", "IDF", "BRE"],
        max_per_person_per_region=1,
    )
    result = solver(problem)
    assert_feasible(problem, result)
    regions_of_person0 = [problem.need_regions[i] for i, p, _ in result.pairs if p == 0]
    assert sorted(regions_of_person0) == ["BRE", "IDF"]
    assert result.needs_covered == 3  # the second IDF need goes to person 1


# --------------------------------------------------------------------------- #
# Optimality
# --------------------------------------------------------------------------- #


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_exact_at_least_greedy_on_random_instances(problem: AssignmentProblem) -> None:
    exact, greedy = solve_exact(problem), solve_greedy(problem)
    assert_feasible(problem, exact)
    assert_feasible(problem, greedy)
    assert exact.total_affinity >= greedy.total_affinity - exact.tolerance - 1e-12


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_needs=5, max_persons=3))
def test_exact_equals_brute_force_on_tiny_instances(problem: AssignmentProblem) -> None:
    exact = solve_exact(problem)
    assert exact.total_affinity == pytest.approx(brute_force_optimum(problem), abs=exact.tolerance + 1e-12)


@pytest.mark.parametrize("balance", [None, 1, 2])
@pytest.mark.parametrize("seed", range(6))
def test_exact_equals_milp_on_small_instances(seed: int, balance: int | None) -> None:
    problem = random_problem(seed, n_needs=40, n_persons=15, balance=balance)
    exact = solve_exact(problem)
    reference, _ = milp_optimum(problem)
    assert exact.tolerance < 1e-6
    assert exact.total_affinity == pytest.approx(reference, abs=TOL)


def test_greedy_strictly_worse_on_crossing_case() -> None:
    # Greedy grabs 0.9 (need 0 -> person 0) and leaves need 1 with 0.1;
    # swapping gives 0.8 + 0.85.
    affinity = np.array([[0.9, 0.8], [0.85, 0.1]])
    comparison = compare(AssignmentProblem(affinity=affinity, capacity=np.array([1, 1])))
    assert comparison.greedy.pairs == [(0, 0, 0.9), (1, 1, 0.1)]
    assert comparison.exact.pairs == [(0, 1, 0.8), (1, 0, 0.85)]
    assert comparison.exact_total == pytest.approx(1.65)
    assert comparison.greedy_total == pytest.approx(1.0)
    assert comparison.ratio == pytest.approx(1.65)
    assert comparison.shared_pairs == 0
    assert comparison.exact_seconds >= 0 and comparison.greedy_seconds >= 0


def test_exact_scaling_keeps_tiny_affinities_distinct() -> None:
    # Affinities far apart in magnitude: the tiny one must still be preferred to nothing.
    affinity = np.array([[1e6, -np.inf], [1e6, 1e-9]])
    result = solve_exact(AssignmentProblem(affinity=affinity, capacity=np.array([1, 1])))
    assert result.needs_covered == 2


# --------------------------------------------------------------------------- #
# Unmatched reasons
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("solver", SOLVERS)
def test_unmatched_reasons_each_code(solver) -> None:
    affinity = np.array(
        [
            [0.9, -np.inf, 0.1],  # 0: matched to person 0
            [-np.inf, 0.5, 0.1],  # 1: only person 1 allowed, but forbidden below
            [0.05, 0.05, 0.05],  # 2: nothing above the threshold
            [0.8, -np.inf, -np.inf],  # 3: person 0 full
            [-np.inf, -np.inf, 0.6],  # 4: person 2 has room but already took need 5 from B
            [-np.inf, -np.inf, 0.7],  # 5: matched to person 2 (region B)
        ]
    )
    forbidden = np.zeros_like(affinity, dtype=bool)
    forbidden[1, 1:] = True
    problem = AssignmentProblem(
        affinity=affinity,
        capacity=np.array([1, 1, 2]),
        forbidden=forbidden,
        min_score=0.15,
        need_regions=["A", "A", "A", "A", "B", "B"],
        max_per_person_per_region=1,
    )
    result = solver(problem)
    codes = {i: r.code for i, r in result.unmatched.items()}
    assert codes == {1: "exclue", 2: "sous_seuil", 3: "capacite", 4: "equilibre_regional"}
    assert result.unmatched[2].text == "aucune personne ressource au-dessus du seuil"
    assert all(r.text == REASONS[r.code] for r in result.unmatched.values())
    assert str(result.unmatched[3]) == "toutes les personnes compatibles sont à pleine capacité"


def test_unmatched_reason_capacity_when_capacity_zero() -> None:
    problem = AssignmentProblem(affinity=np.array([[0.7]]), capacity=np.array([0]))
    assert solve_exact(problem).unmatched[0].code == "capacite"


# --------------------------------------------------------------------------- #
# Determinism, progress, edge cases
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("solver", SOLVERS)
def test_solver_deterministic_with_ties(solver) -> None:
    affinity = np.full((20, 8), 0.5)  # everything ties
    problem = AssignmentProblem(affinity=affinity, capacity=np.full(8, 2))
    first = solver(problem)
    again = solver(AssignmentProblem(affinity=affinity.copy(), capacity=np.full(8, 2)))
    assert first == again
    assert first.needs_covered == 16


@pytest.mark.parametrize("solver", SOLVERS)
def test_solver_deterministic_on_random_instance(solver) -> None:
    problem = random_problem(3, n_needs=80, n_persons=30, balance=1)
    assert solver(problem) == solver(problem)


def test_greedy_ties_broken_by_need_then_person() -> None:
    result = solve_greedy(AssignmentProblem(affinity=np.full((3, 2), 0.5), capacity=np.array([1, 1])))
    assert result.pairs == [(0, 0, 0.5), (1, 1, 0.5)]


def test_compare_reports_progress_monotonically() -> None:
    seen: list[tuple[str, float]] = []
    compare(random_problem(0, balance=1), progress=lambda stage, fraction: seen.append((stage, fraction)))
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert seen[0][0].startswith("exact") and seen[-1][0].startswith("glouton")


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (0, 0)])
def test_solver_empty_problem_returns_empty_result(solver, shape: tuple[int, int]) -> None:
    problem = AssignmentProblem(affinity=np.zeros(shape), capacity=np.ones(shape[1], dtype=int))
    result = solver(problem)
    assert result.pairs == [] and result.total_affinity == 0.0
    assert set(result.unmatched) == set(range(shape[0]))


def test_compare_ratio_when_nothing_to_pair() -> None:
    comparison = compare(AssignmentProblem(affinity=np.array([[-np.inf]]), capacity=np.array([1])))
    assert comparison.ratio == 1.0


# --------------------------------------------------------------------------- #
# Validation
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"affinity": np.zeros(3)}, "deux dimensions"),
        ({"affinity": np.array([[np.inf, 0.1]])}, r"\+inf"),
        ({"affinity": np.array([["a", "b"]])}, "numérique"),
        ({"capacity": np.array([1, 1, 1])}, "vecteur de 2 valeurs"),
        ({"capacity": np.array([1, -1])}, "capacité négative"),
        ({"capacity": np.array([1.5, 1.0])}, "entiers"),
        ({"forbidden": np.zeros((2, 2), dtype=bool)}, "forme"),
        ({"forbidden": np.zeros((1, 2))}, "booléenne"),
        ({"min_score": float("nan")}, "fini"),
        ({"need_regions": ["A", "B"]}, "une région par besoin"),
        ({"max_per_person_per_region": 1}, "exige need_regions"),
        ({"need_regions": ["A"], "max_per_person_per_region": -1}, "négatif"),
        ({"need_regions": ["A"], "max_per_person_per_region": 1.5}, "entier"),
    ],
)
def test_validate_problem_rejects_malformed_input(changes: dict, message: str) -> None:
    fields = {"affinity": np.array([[0.5, 0.2]]), "capacity": np.array([1, 2])} | changes
    problem = AssignmentProblem(**fields)
    with pytest.raises(ValueError, match=message):
        validate_problem(problem)
    for solver in SOLVERS:
        with pytest.raises(ValueError, match=message):
            solver(problem)


def test_problem_init_stores_parameters_only() -> None:
    AssignmentProblem(affinity=np.zeros(3), capacity=np.array([-1]))  # validated lazily, by the solvers
