"""The LP relaxation of a large part's coverage tier, solved by column generation.

Most of a large part's 1.5 million pairs are never worth using in the LP. The
restricted LP starts from the pairs of the greedy plan and the few cheapest
pairs of each slot (with every ``cover`` and ``used`` variable and every row);
HiGHS's dual simplex solves it, and its row prices ``y`` price every pair left
out. The Lagrangian function of the whole model at those prices,

    L(y) = Σ_i (y_i · hi_i if y_i > 0 else y_i · lo_i) + Σ_j max over [l_j, u_j] of (c_j − yᵀA_j) · x_j,

bounds coverage from above for *any* ``y`` (a price of the wrong sign for a row
with no bound on that side is taken as 0), so the bound does not rest on the LP
solver's tolerances. When ``L(y)`` meets the restricted LP's value, the
restricted LP is the whole LP; otherwise the pairs with a positive reduced
price join and the LP is solved again from its last basis (by primal simplex
once few join). On the metro tier this reaches the LP optimum in about a third
of the time of the whole LP at once (``benchmarks/README.md``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sparse

from matching.model.formulation import LinearModel
from matching.search.engines.mip import highs_bounds, quiet_highs, set_time_limit

__all__ = ["Relaxed", "solve_relaxation"]

log = logging.getLogger("sanhu")

PER_SLOT = 3
"""Cheapest pairs of each slot in the first restricted LP, beside the greedy plan's."""
PRIMAL_SHARE = 0.05
"""A round adding fewer columns than this share of the restricted LP's is re-solved by primal simplex.

The last LP solution stays primal feasible when columns join, so a few primal
iterations finish it (metro: 146 iterations, 0.6 s); dual simplex, which must
first repair dual feasibility, spends ~30,000 (3 s) however few columns join.
After the first round's hundreds of thousands of columns, dual simplex is faster.
"""
_DUAL, _PRIMAL = 1, 4
"""HiGHS ``simplex_strategy`` values."""


@dataclass(frozen=True)
class Relaxed:
    """An LP solution over every variable of the model and the coverage bound proven from its prices."""

    values: np.ndarray
    bound: int
    optimal: bool
    """Whether ``values`` is optimal for the whole LP (the bound then is the LP bound)."""


def lagrangian_value(model: LinearModel, matrix: sparse.csc_matrix, objective: np.ndarray,
                     prices: np.ndarray) -> tuple[float, np.ndarray]:
    """``L(y)`` for the row prices ``prices`` (a maximised ``objective``), and every variable's reduced price."""
    low, high = highs_bounds(model.row_lo), highs_bounds(model.row_hi)
    y = np.where(((prices > 0) & np.isfinite(high)) | ((prices < 0) & np.isfinite(low)), prices, 0.0)
    reduced = objective - matrix.T @ y
    rows = np.where(y > 0, y * np.where(np.isfinite(high), high, 0.0), y * np.where(np.isfinite(low), low, 0.0))
    columns = np.where(reduced > 0, reduced * model.upper, reduced * model.lower)
    total = float(rows.sum() + columns.sum())
    # float sums of a million terms: keep the bound on the safe side of their rounding
    slack = 1e-9 * float(np.abs(rows).sum() + np.abs(columns).sum()) + 1e-6
    return total + slack, reduced


def _first_columns(model: LinearModel, start: np.ndarray) -> np.ndarray:
    """Every non-pair variable, the start's pairs, and the ``PER_SLOT`` cheapest pairs of each slot."""
    network = model.network
    needs, pairs = len(model.needs), len(model.pairs)
    keep = np.zeros(model.variables, dtype=bool)
    keep[:needs] = True
    keep[needs + pairs:] = True
    keep[needs: needs + pairs] = start[needs: needs + pairs] > 0
    slot, cost = network.pair_slot[model.pairs], network.pair_cost[model.pairs]
    order = np.lexsort((np.arange(pairs), cost, slot))
    sorted_slots = slot[order]
    first = np.r_[0, np.flatnonzero(np.diff(sorted_slots)) + 1] if pairs else np.zeros(0, dtype=np.int64)
    rank = np.arange(pairs) - np.repeat(first, np.diff(np.r_[first, pairs]))
    keep[needs + order[rank < PER_SLOT]] = True
    return keep


def solve_relaxation(model: LinearModel, start: np.ndarray, *, seconds: float) -> Relaxed | None:
    """The coverage LP of ``model`` by column generation within ``seconds``; None when no restricted
    LP was solved in time. ``start`` is a feasible 0-1 vector whose pairs open the first LP."""
    started = time.perf_counter()
    if model.variables == 0:
        return Relaxed(np.zeros(0), 0, True)
    objective, _ = model.objective("coverage")
    objective = objective.astype(np.float64)
    matrix = sparse.csr_matrix((model.coefs.astype(np.float64), model.cols, model.row_start),
                               shape=(model.rows, model.variables)).tocsc()
    keep = _first_columns(model, start)
    columns = np.flatnonzero(keep)
    highs = quiet_highs()
    for option, value in (("threads", 1), ("solver", "simplex"), ("simplex_strategy", _DUAL), ("random_seed", 0)):
        highs.setOptionValue(option, value)
    restricted = matrix[:, columns]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(columns), model.rows
    lp.col_cost_ = objective[columns]
    lp.col_lower_ = model.lower[columns].astype(np.float64)
    lp.col_upper_ = model.upper[columns].astype(np.float64)
    lp.row_lower_, lp.row_upper_ = highs_bounds(model.row_lo), highs_bounds(model.row_hi)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = restricted.indptr.astype(np.int32)
    lp.a_matrix_.index_ = restricted.indices.astype(np.int32)
    lp.a_matrix_.value_ = restricted.data
    lp.sense_ = highspy.ObjSense.kMaximize
    highs.passModel(lp)
    best: Relaxed | None = None
    while True:
        left = seconds - (time.perf_counter() - started)
        if left <= 0:
            return best
        set_time_limit(highs, left)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return best
        solution = highs.getSolution()
        value = highs.getInfo().objective_function_value
        bound, reduced = lagrangian_value(model, matrix, objective, np.asarray(solution.row_dual))
        values = np.zeros(model.variables)
        values[columns] = solution.col_value
        entering = np.flatnonzero(~keep & (reduced > 1e-7))
        converged = bound - value < 1.0 or not len(entering)
        if best is None or int(np.floor(bound)) <= best.bound:
            best = Relaxed(values, int(np.floor(bound)), converged)
        else:  # the bound got worse: keep the better one, but the newer LP solution
            best = Relaxed(values, best.bound, converged)
        log.debug("restricted LP: %d columns, value %.1f, bound %d, %d columns enter, %.1f s", len(columns),
                  value, best.bound, len(entering), time.perf_counter() - started)
        if converged:
            return best
        keep[entering] = True
        highs.setOptionValue("simplex_strategy", _PRIMAL if len(entering) < PRIMAL_SHARE * len(columns) else _DUAL)
        columns = np.r_[columns, entering]
        added = matrix[:, entering]
        highs.addCols(len(entering), objective[entering], model.lower[entering].astype(np.float64),
                      model.upper[entering].astype(np.float64), added.nnz, added.indptr[:-1].astype(np.int32),
                      added.indices.astype(np.int32), added.data)
