"""Independent exact reference for :mod:`matching.assign`, used by tests and the benchmark.

It solves the same pairing problem as an integer program with
``scipy.optimize.milp`` (HiGHS branch and bound), reading the raw
:class:`~matching.assign.AssignmentProblem` fields without any of the flow
solver's preparation code, so that a shared bug cannot hide. It is far slower
than :func:`matching.assign.solve_exact`: keep it to a few thousand pairs.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from matching.assign import AssignmentProblem


def milp_optimum(problem: AssignmentProblem) -> tuple[float, list[tuple[int, int]]]:
    """Return ``(optimal total affinity, chosen (need, person) pairs)``.

    Variables are the pairs allowed by the hard rules whose affinity is at
    least ``min_score``; non-positive pairs are left in, the maximisation
    decides by itself that they do not help.
    """
    affinity = np.asarray(problem.affinity, dtype=float)
    ok = np.isfinite(affinity) & (affinity >= problem.min_score)
    if problem.forbidden is not None:
        ok &= ~np.asarray(problem.forbidden, dtype=bool)
    ii, pp = np.nonzero(ok)
    if ii.size == 0:
        return 0.0, []
    n_needs, n_persons = affinity.shape
    var = np.arange(ii.size)
    rows = [ii, n_needs + pp]
    upper = [np.ones(n_needs), np.asarray(problem.capacity, dtype=float)]
    offset = n_needs + n_persons
    if problem.max_per_person_per_region is not None:
        regions = {r: k for k, r in enumerate(sorted(set(problem.need_regions)))}
        region_of = np.array([regions[r] for r in problem.need_regions])
        rows.append(offset + pp * len(regions) + region_of[ii])
        upper.append(np.full(n_persons * len(regions), float(problem.max_per_person_per_region)))
    row = np.concatenate(rows)
    col = np.concatenate([var] * len(rows))
    ub = np.concatenate(upper)
    matrix = coo_matrix((np.ones(row.size), (row, col)), shape=(ub.size, ii.size)).tocsr()
    res = milp(
        c=-affinity[ii, pp],
        constraints=LinearConstraint(matrix, -np.inf, ub),
        integrality=np.ones(ii.size),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0},
    )
    if res.x is None:
        raise RuntimeError(f"milp a échoué : {res.message}")
    chosen = np.flatnonzero(res.x > 0.5)
    pairs = [(int(ii[k]), int(pp[k])) for k in chosen]
    return float(affinity[ii[chosen], pp[chosen]].sum()), pairs
