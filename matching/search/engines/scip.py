"""SCIP, the MIP solver in the OR-Tools wheel, on a ``LinearModel`` (through ``pywraplp``).

The model goes in as one ``MPModelProto``. SCIP runs on one thread, so a solve
that ends before its time limit is reproducible; a hint becomes SCIP's starting
solution. On the city tier's largest components SCIP with the previous tier's
solution as a start proves the cost tier faster than HiGHS on most days
(``benchmarks/README.md``).
"""

from __future__ import annotations

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp

from matching import interrupts
from matching.model.formulation import LinearModel
from matching.search.engines.result import EngineResult, round_bound
from models import SanhuError

__all__ = ["ScipEngine"]

_NO_BOUND = 1 << 40
_STATUS = {pywraplp.Solver.OPTIMAL: "optimal", pywraplp.Solver.FEASIBLE: "feasible",
           pywraplp.Solver.INFEASIBLE: "infeasible", pywraplp.Solver.NOT_SOLVED: "unknown"}


def _finite(value: int, infinity: float) -> float:
    if value <= -_NO_BOUND:
        return -infinity
    if value >= _NO_BOUND:
        return infinity
    return float(value)


class ScipEngine:
    """A SCIP model of a ``LinearModel``, optimised one objective at a time."""

    name = "scip"

    def __init__(self, model: LinearModel, *, seed: int) -> None:
        solver = pywraplp.Solver.CreateSolver("SCIP")
        if solver is None:
            raise SanhuError("this OR-Tools build has no SCIP solver")
        self.solver = solver
        proto = linear_solver_pb2.MPModelProto()
        lower, upper = model.lower.tolist(), model.upper.tolist()
        for low, high in zip(lower, upper):
            proto.variable.add(lower_bound=float(low), upper_bound=float(high), is_integer=True)
        infinity = solver.infinity()
        start, cols, coefs = model.row_start, model.cols.tolist(), model.coefs.tolist()
        for row in range(model.rows):
            a, b = int(start[row]), int(start[row + 1])
            proto.constraint.add(var_index=cols[a:b], coefficient=[float(c) for c in coefs[a:b]],
                                 lower_bound=_finite(int(model.row_lo[row]), infinity),
                                 upper_bound=_finite(int(model.row_hi[row]), infinity))
        error = solver.LoadModelFromProto(proto)
        if error:
            raise SanhuError(f"SCIP could not load the model: {error}")
        solver.SetNumThreads(1)
        # SCIP must not catch SIGINT itself: it would swallow it (and print on standard output);
        # sanhu's own handler stops it (matching.interrupts)
        solver.SetSolverSpecificParametersAsString(f"randomization/randomseedshift = {seed}\nmisc/catchctrlc = FALSE\n")
        self.vars = solver.variables()
        self.params = pywraplp.MPSolverParameters()
        self.params.SetDoubleParam(pywraplp.MPSolverParameters.RELATIVE_MIP_GAP, 0.0)
        self.stopping = False

    def interrupt(self) -> None:
        """Stop the search running in another thread, and every later one (``optimize`` returns ``unknown``).

        SCIP forgets an interruption that comes before its solve starts, so the caller repeats this
        until the searching thread has returned (``matching.search.portfolio``).
        """
        self.stopping = True
        self.solver.InterruptSolve()

    @property
    def interrupted(self) -> bool:
        """Whether ``interrupt()`` has been called."""
        return self.stopping

    def add_row(self, cols, coefs, lo: int, hi: int) -> None:
        """``lo ≤ Σ coefs · vars[cols] ≤ hi`` (bounds beyond ±2⁴⁰ mean none)."""
        infinity = self.solver.infinity()
        constraint = self.solver.Constraint(_finite(lo, infinity), _finite(hi, infinity))
        for col, coef in zip(cols, coefs):
            constraint.SetCoefficient(self.vars[int(col)], float(coef))

    def optimize(self, objective: np.ndarray, sense: str, *, time_limit: float | None,
                 hint: np.ndarray | None = None) -> EngineResult:
        """Optimise ``objective``, starting from ``hint`` when given."""
        if self.stopping:  # before the objective and the hint, set one coefficient at a time
            return EngineResult("unknown", None, None, None)
        solver = self.solver
        target = solver.Objective()
        target.Clear()
        for index in np.flatnonzero(objective).tolist():
            target.SetCoefficient(self.vars[index], float(objective[index]))
        target.SetOptimizationDirection(sense == "max")
        if hint is not None:
            solver.SetHint(self.vars, [float(v) for v in hint.tolist()])
        if self.stopping:
            return EngineResult("unknown", None, None, None)
        with interrupts.cancellable(solver.InterruptSolve):
            time_limit = interrupts.clip(time_limit)
            solver.SetTimeLimit(0 if time_limit is None else max(int(time_limit * 1000), 1))
            status = _STATUS.get(solver.Solve(self.params))
        if self.stopping:  # an interrupted search may end as 'abnormal'; what it found is not used
            return EngineResult("unknown", None, None, None)
        if status is None:
            raise SanhuError("SCIP could not solve the model (abnormal or model invalid)")
        if status == "infeasible":
            return EngineResult("infeasible", None, None, None)
        bound = round_bound(target.BestBound(), sense)
        if status == "unknown":
            return EngineResult("unknown", None, None, bound)
        values = np.rint([variable.solution_value() for variable in self.vars]).astype(np.int64)
        value = int(objective @ values)
        if status == "optimal":
            bound = value
        return EngineResult(status, values, value, bound)
