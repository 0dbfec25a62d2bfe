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
from matching.search.engines.wire import model_bytes
from models import SanhuError

__all__ = ["ScipEngine"]

_STATUS = {pywraplp.Solver.OPTIMAL: "optimal", pywraplp.Solver.FEASIBLE: "feasible",
           pywraplp.Solver.INFEASIBLE: "infeasible", pywraplp.Solver.NOT_SOLVED: "unknown"}


class ScipEngine:
    """A SCIP model of a ``LinearModel``, optimised one objective at a time.

    Each search loads the whole model afresh, with its objective and hint, from one message encoded with
    numpy (``matching.search.engines.wire``): building it through the solver's variable and row objects
    held Python's lock long enough to slow the lane racing beside it.
    """

    name = "scip"

    def __init__(self, model: LinearModel, *, seed: int) -> None:
        solver = pywraplp.Solver.CreateSolver("SCIP")
        if solver is None:
            raise SanhuError("this OR-Tools build has no SCIP solver")
        self.solver = solver
        self.model = model
        self.added: list[tuple[np.ndarray, np.ndarray, int, int]] = []
        """Rows added by ``add_row`` since: columns, coefficients and bounds."""
        solver.SetNumThreads(1)
        # SCIP must not catch SIGINT itself: it would swallow it (and print on standard output);
        # sanhu's own handler stops it (matching.interrupts)
        solver.SetSolverSpecificParametersAsString(f"randomization/randomseedshift = {seed}\nmisc/catchctrlc = FALSE\n")
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
        """``lo ≤ Σ coefs · vars[cols] ≤ hi`` (bounds beyond ±2⁴⁰ mean none), from the next search on."""
        self.added.append((np.asarray(cols, dtype=np.int64), np.asarray(coefs, dtype=np.int64), int(lo), int(hi)))

    def _message(self, objective: np.ndarray, sense: str, hint: np.ndarray | None) -> linear_solver_pb2.MPModelProto:
        """The model with every added row, ``objective`` and ``hint``."""
        model = self.model
        row_start, cols, coefs, row_lo, row_hi = model.row_start, model.cols, model.coefs, model.row_lo, model.row_hi
        if self.added:
            sizes = [len(added[0]) for added in self.added]
            row_start = np.concatenate((row_start, row_start[-1] + np.cumsum(sizes)))
            cols = np.concatenate((cols, *(added[0] for added in self.added)))
            coefs = np.concatenate((coefs, *(added[1] for added in self.added)))
            row_lo = np.concatenate((row_lo, [added[2] for added in self.added]))
            row_hi = np.concatenate((row_hi, [added[3] for added in self.added]))
        encoded = model_bytes(model.lower, model.upper, row_start, cols, coefs, row_lo, row_hi, objective,
                              maximize=sense == "max", hint=hint)
        return linear_solver_pb2.MPModelProto.FromString(encoded)

    def optimize(self, objective: np.ndarray, sense: str, *, time_limit: float | None,
                 hint: np.ndarray | None = None) -> EngineResult:
        """Optimise ``objective``, starting from ``hint`` when given."""
        if self.stopping:
            return EngineResult("unknown", None, None, None)
        solver = self.solver
        error = solver.LoadModelFromProto(self._message(objective, sense, hint))
        if error:
            raise SanhuError(f"SCIP could not load the model: {error}")
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
        bound = round_bound(solver.Objective().BestBound(), sense)
        if status == "unknown":
            return EngineResult("unknown", None, None, bound)
        response = linear_solver_pb2.MPSolutionResponse()
        solver.FillSolutionResponseProto(response)
        values = np.rint(np.asarray(response.variable_value, dtype=np.float64)).astype(np.int64)
        value = int(objective @ values)
        if status == "optimal":
            bound = value
        return EngineResult(status, values, value, bound)
