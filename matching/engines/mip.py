"""A MIP solver (HiGHS, shipped in the OR-Tools wheel) on a ``LinearModel``.

The rows go in at once as a sparse matrix; HiGHS's branch and bound proves the
bound through its LP relaxation, which suits the coverage and cost tiers' many
knapsack rows better than clause learning on large days.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sparse
from ortools.linear_solver.python import model_builder as mb
from ortools.linear_solver.python import model_builder_helper as mbh

from matching.engines import EngineResult
from matching.formulation import LinearModel
from models import SanhuError

__all__ = ["MipEngine"]

_INFINITY = float("inf")
_BROKEN = {mb.SolveStatus.MODEL_INVALID, mb.SolveStatus.INVALID_SOLVER_PARAMETERS,
           mb.SolveStatus.SOLVER_TYPE_UNAVAILABLE, mb.SolveStatus.INCOMPATIBLE_OPTIONS,
           mb.SolveStatus.ABNORMAL, mb.SolveStatus.UNBOUNDED}


def _bounds(values: np.ndarray) -> np.ndarray:
    out = values.astype(np.float64)
    out[values <= -(1 << 40)] = -_INFINITY
    out[values >= 1 << 40] = _INFINITY
    return out


class MipEngine:
    """A HiGHS model of a ``LinearModel``, optimised one objective at a time."""

    name = "highs"

    def __init__(self, model: LinearModel, *, seed: int, relaxed: bool = False) -> None:
        self.linear = model
        self.seed = seed
        self.relaxed = relaxed
        self.model = mb.Model()
        count = model.variables
        matrix = sparse.csr_matrix(
            (model.coefs.astype(np.float64), model.cols, model.row_start), shape=(model.rows, count))
        self.model.helper.fill_model_from_sparse_data(
            model.lower.astype(np.float64), np.ones(count), np.zeros(count),
            _bounds(model.row_lo), _bounds(model.row_hi), matrix)
        if not relaxed:
            for index in range(count):
                self.model.helper.set_var_integrality(index, True)

    def add_row(self, cols, coefs, lo: int, hi: int) -> None:
        variables = [self.model.var_from_index(int(c)) for c in cols]
        expression = mb.LinearExpr.weighted_sum(variables, [float(c) for c in coefs])
        low, high = _bounds(np.array([lo, hi]))
        self.model.add(mb.BoundedLinearExpression(expression, low, high))

    def optimize(self, objective: np.ndarray, sense: str, *, time_limit: float | None,
                 hint: np.ndarray | None = None) -> EngineResult:
        """Optimise ``objective``; ``hint`` is accepted for symmetry with CP-SAT and ignored."""
        helper = self.model.helper
        helper.clear_objective()
        helper.set_objective_coefficients(list(range(len(objective))), objective.astype(np.float64).tolist())
        helper.set_maximize(sense == "max")
        # Hints are not passed on: OR-Tools' HiGHS bridge crashes on them (HiGHS 1.12).
        solver = mbh.ModelSolverHelper("highs")
        solver.set_solver_specific_parameters(
            f"output_flag=false\nlog_to_console=false\nmip_rel_gap=0\nmip_abs_gap=0.5\nrandom_seed={self.seed}\n")
        if time_limit is not None:
            solver.set_time_limit_in_seconds(max(time_limit, 0.001))
        solver.solve(helper)
        raw = mb.SolveStatus(solver.status())
        if raw in _BROKEN:
            raise SanhuError(f"HiGHS could not solve the model: {raw.name} {solver.status_string()}".strip())
        status = {mb.SolveStatus.OPTIMAL: "optimal", mb.SolveStatus.FEASIBLE: "feasible",
                  mb.SolveStatus.INFEASIBLE: "infeasible"}.get(raw, "unknown")
        if status in ("infeasible", "unknown") or not solver.has_solution():
            return EngineResult("infeasible" if status == "infeasible" else "unknown", None, None, None)
        if self.relaxed:  # an LP: its optimum is a bound, its values fractional
            bound = solver.objective_value()
            bound = int(np.floor(bound + 1e-6)) if sense == "max" else int(np.ceil(bound - 1e-6))
            return EngineResult(status, None, None, bound)
        values = np.rint(solver.variable_values()).astype(np.int64)
        value = int(objective @ values)
        bound = solver.best_objective_bound()
        bound = int(np.floor(bound + 1e-6)) if sense == "max" else int(np.ceil(bound - 1e-6))
        return EngineResult(status, values, value, bound if status == "feasible" else value)
