"""CP-SAT on a ``LinearModel``: rows become linear constraints, links implications."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matching import interrupts
from matching.model.formulation import ROW_KINDS, LinearModel
from matching.model.linear import NO_BOUND
from matching.search.engines.result import EngineResult
from models import SanhuError

__all__ = ["CpSatEngine"]

_LINKS = (ROW_KINDS.index("member_link"), ROW_KINDS.index("cover_link"))
_STATUS = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible"}


class CpSatEngine:
    """A CP-SAT model of a ``LinearModel``, optimised one objective at a time."""

    name = "cp-sat"

    def __init__(self, model: LinearModel, *, workers: int, seed: int) -> None:
        self.workers = workers
        self.seed = seed
        self.model = cp_model.CpModel()
        upper = model.upper.tolist()
        self.vars = [self.model.new_bool_var("") if top == 1 else self.model.new_int_var(0, top, "") for top in upper]
        for index in np.flatnonzero(model.lower > 0):
            self.model.add(self.vars[index] == 1)
        self._add_rows(model)
        self.last: cp_model.CpSolver | None = None
        self.running: cp_model.CpSolver | None = None
        self.stopping = False

    def interrupt(self) -> None:
        """Stop the search running in another thread, and every later one (``optimize`` returns ``unknown``)."""
        self.stopping = True
        running = self.running
        if running is not None:
            running.stop_search()

    @property
    def interrupted(self) -> bool:
        """Whether ``interrupt()`` has been called."""
        return self.stopping

    def _add_rows(self, model: LinearModel) -> None:
        start, cols, coefs = model.row_start, model.cols.tolist(), model.coefs.tolist()
        for row in range(model.rows):
            a, b = int(start[row]), int(start[row + 1])
            if model.row_kind[row] in _LINKS:  # a − b ≤ 0: a implies b
                self.model.add_implication(self.vars[cols[a]], self.vars[cols[a + 1]])
                continue
            self.add_row(cols[a:b], coefs[a:b], int(model.row_lo[row]), int(model.row_hi[row]))

    def add_row(self, cols, coefs, lo: int, hi: int) -> None:
        """``lo ≤ Σ coefs · vars[cols] ≤ hi`` (bounds beyond ±2⁴⁰ mean none)."""
        expression = cp_model.LinearExpr.weighted_sum([self.vars[c] for c in cols], list(coefs))
        lo = cp_model.INT_MIN if lo <= -NO_BOUND else lo
        hi = cp_model.INT_MAX if hi >= NO_BOUND else hi
        self.model.add_linear_constraint(expression, lo, hi)

    def optimize(self, objective: np.ndarray, sense: str, *, time_limit: float | None,
                 hint: np.ndarray | None = None, assumptions: list[int] | None = None) -> EngineResult:
        nonzero = np.flatnonzero(objective)
        expression = cp_model.LinearExpr.weighted_sum([self.vars[i] for i in nonzero], objective[nonzero].tolist())
        self.model.clear_objective()
        (self.model.maximize if sense == "max" else self.model.minimize)(expression)
        self.model.clear_hints()
        if hint is not None:
            for variable, value in zip(self.vars, hint.tolist()):
                self.model.add_hint(variable, value)
        self.model.clear_assumptions()
        if assumptions:
            self.model.add_assumptions([self.vars[i] for i in assumptions])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1 if assumptions else self.workers
        # Interleaved search runs the portfolio in deterministic batches: same seed, same plan.
        solver.parameters.interleave_search = solver.parameters.num_workers > 1
        solver.parameters.random_seed = self.seed
        solver.parameters.catch_sigint_signal = False  # sanhu's own handler stops it (matching.interrupts)
        self.running = solver
        if self.stopping:
            return EngineResult("unknown", None, None, None)
        with interrupts.cancellable(solver.stop_search):
            time_limit = interrupts.clip(time_limit)
            if time_limit is not None:
                solver.parameters.max_time_in_seconds = max(time_limit, 0.001)
            raw = solver.solve(self.model)
        self.running = None
        if self.stopping:
            return EngineResult("unknown", None, None, None)
        if raw == cp_model.MODEL_INVALID:
            raise SanhuError(f"CP-SAT rejected the model: {self.model.validate()}")
        status = _STATUS.get(raw, "unknown")
        self.last = solver
        if status in ("infeasible", "unknown"):
            return EngineResult(status, None, None, None)
        solution = np.asarray(solver.response_proto.solution, dtype=np.int64)
        values = solution[[v.index for v in self.vars]] if self.vars else np.zeros(0, dtype=np.int64)
        return EngineResult(status, values, int(round(solver.objective_value)), int(round(solver.best_objective_bound)))

    def core(self) -> list[int]:
        """Variables among the last assumptions that suffice for infeasibility."""
        assert self.last is not None
        return list(self.last.sufficient_assumptions_for_infeasibility())
