"""HiGHS, a MIP solver, on a ``LinearModel`` (through ``highspy``, HiGHS's own Python binding).

The rows go in at once as a row-wise sparse matrix; HiGHS's branch and bound
proves bounds through the LP relaxation, which suits the coverage and cost
tiers' many knapsack rows better than clause learning on large days. With
``relaxed=True`` the model is the LP relaxation, whose optimum bounds the tier.
"""

from __future__ import annotations

import os
import sys
import threading

import highspy
import numpy as np

from matching import interrupts
from matching.model.formulation import LinearModel
from matching.model.linear import NO_BOUND
from matching.search.engines.result import EngineResult, round_bound
from models import SanhuError

__all__ = ["set_time_limit", "MipEngine", "quiet_highs", "highs_bounds", "LEAN_BELOW"]

_BROKEN = {highspy.HighsModelStatus.kModelError, highspy.HighsModelStatus.kSolveError,
           highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kLoadError,
           highspy.HighsModelStatus.kPresolveError, highspy.HighsModelStatus.kPostsolveError}


def quiet_highs() -> highspy.Highs:
    """A new ``Highs`` without its start-up banner, which it writes to standard output itself, that a
    signal stops (``matching.interrupts.tracked``)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            highs = highspy.Highs()
            highs.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    highs.HandleUserInterrupt = True  # cancelSolve() then stops a run at its next check
    # HiGHS 1.15-1.16 corrupts its heap on some MIPs at the default tolerance (1e-6) and the process aborts
    # ("free(): invalid pointer"; a team-heavy 300-need day's cost tier, benchmarks/README.md); at 1e-8 the
    # same run proves. Every value of the model is an integer: a tighter tolerance costs nothing in accuracy.
    highs.setOptionValue("mip_feasibility_tolerance", MIP_FEASIBILITY_TOLERANCE)
    return interrupts.tracked(highs)


MIP_FEASIBILITY_TOLERANCE = 1e-8

LEAN_BELOW = 500
"""Models with fewer variables are searched without HiGHS's feasibility jump and root reduced-cost heuristics.
On a part HiGHS proves in milliseconds those two cost more than the rest of the search: plain-30 s3's part
(110 variables) takes 11.6 ms with them and 3.9 ms without. Measured part by part on the family days
(``python -m benchmarks heuristics``, ``benchmarks/README.md``): on the 48 parts of 30- and 100-need days
under 500 variables, without them took 0.21-1.06 times the time with them (median 0.64; the worst a 1.9 ms
part); from 500 variables on the parts HiGHS needs seconds for were up to 1.29 times slower without them
(mixed-100 s2, 737 variables), and on 300- and 2,000-need parts long searches went both ways (without them
city-2000 s1 took 8.2 s against 14.9 s with them, plain-2000 s2 45.4 s against 36.6 s)."""


def set_time_limit(highs: highspy.Highs, seconds: float | None, *, mip: bool = False) -> None:
    """Let the next ``run()`` take ``seconds`` (None: no limit); ``mip``: the model has integer variables.

    HiGHS 1.16 checks an LP's ``time_limit`` against the time of every run of the object so far, so a second
    LP run (the next round of column generation) would otherwise stop at once; a MIP's against its own run
    alone, so a later tier given the earlier runs' time as well would overrun the solve's limit by it
    (``tests/test_portfolio.py``).
    """
    seconds = interrupts.clip(seconds)
    if seconds is None:
        limit = float("inf")
    else:
        limit = max(seconds, 0.001) + (0.0 if mip else highs.getRunTime())
    highs.setOptionValue("time_limit", limit)


def highs_bounds(values: np.ndarray) -> np.ndarray:
    out = values.astype(np.float64)
    out[values <= -NO_BOUND] = -highspy.kHighsInf
    out[values >= NO_BOUND] = highspy.kHighsInf
    return out


class MipEngine:
    """A HiGHS model of a ``LinearModel``, optimised one objective at a time."""

    name = "highs"

    def __init__(self, model: LinearModel, *, seed: int, relaxed: bool = False) -> None:
        self.relaxed = relaxed
        self.highs = quiet_highs()
        self.stopping = threading.Event()
        for option, value in (("random_seed", seed), ("mip_rel_gap", 0.0),
                              ("mip_abs_gap", 0.5), ("threads", 1)):
            self.highs.setOptionValue(option, value)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = model.variables, model.rows
        lp.col_cost_ = np.zeros(model.variables)
        lp.col_lower_ = model.lower.astype(np.float64)
        lp.col_upper_ = model.upper.astype(np.float64)
        lp.row_lower_, lp.row_upper_ = highs_bounds(model.row_lo), highs_bounds(model.row_hi)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = model.row_start.astype(np.int32)
        lp.a_matrix_.index_ = model.cols.astype(np.int32)
        lp.a_matrix_.value_ = model.coefs.astype(np.float64)
        if not relaxed:
            lp.integrality_ = [highspy.HighsVarType.kInteger] * model.variables
            if model.variables < LEAN_BELOW:
                for option in ("mip_heuristic_run_feasibility_jump", "mip_heuristic_run_root_reduced_cost"):
                    self.highs.setOptionValue(option, False)  # HiGHS releases before 1.10 lack them: ignored
        self.highs.passModel(lp)

    def interrupt(self) -> None:
        """Stop the search running in another thread, and every later one (``optimize`` returns ``unknown``)."""
        self.stopping.set()
        self.highs.cancelSolve()

    @property
    def interrupted(self) -> bool:
        """Whether ``interrupt()`` has been called."""
        return self.stopping.is_set()

    def add_row(self, cols, coefs, lo: int, hi: int) -> None:
        """``lo ≤ Σ coefs · vars[cols] ≤ hi`` (bounds beyond ±2⁴⁰ mean none)."""
        low, high = highs_bounds(np.array([lo, hi]))
        self.highs.addRow(low, high, len(cols), np.asarray(cols, dtype=np.int32), np.asarray(coefs, dtype=np.float64))

    def lp_values(self) -> np.ndarray:
        """The last solve's values (fractional when ``relaxed``)."""
        return np.asarray(self.highs.getSolution().col_value)

    def optimize(self, objective: np.ndarray, sense: str, *, time_limit: float | None,
                 hint: np.ndarray | None = None) -> EngineResult:
        """Optimise ``objective`` (``hint`` is accepted for symmetry with CP-SAT and not used)."""
        highs = self.highs
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize if sense == "max" else highspy.ObjSense.kMinimize)
        highs.changeColsCost(len(objective), np.arange(len(objective), dtype=np.int32), objective.astype(np.float64))
        set_time_limit(highs, time_limit, mip=not self.relaxed)
        if self.stopping.is_set():
            return EngineResult("unknown", None, None, None)
        # No hint is passed: HiGHS 1.16 then reports the hint as the solution beside a
        # different objective value. The caller keeps the hint when HiGHS finds nothing.
        highs.run()
        if self.stopping.is_set():  # what an interrupted search found is not used
            return EngineResult("unknown", None, None, None)
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kSolveError:
            # HiGHS 1.16 with presolve ends some runs in a solve error (seen: a second tier whose objective is
            # all zero, every pair costing 0); once more without presolve
            highs.setOptionValue("presolve", "off")
            set_time_limit(highs, time_limit, mip=not self.relaxed)
            highs.run()
            highs.setOptionValue("presolve", "choose")
            status = highs.getModelStatus()
        if status in _BROKEN:
            raise SanhuError(f"HiGHS could not solve the model: {highs.modelStatusToString(status)}")
        info = highs.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            return EngineResult("infeasible", None, None, None)
        if self.relaxed:
            if status != highspy.HighsModelStatus.kOptimal:
                return EngineResult("unknown", None, None, None)
            return EngineResult("optimal", None, None, round_bound(info.objective_function_value, sense))
        if info.primal_solution_status != 2:  # no feasible solution at hand
            return EngineResult("unknown", None, None, round_bound(info.mip_dual_bound, sense))
        values = np.rint(np.asarray(highs.getSolution().col_value)).astype(np.int64)
        value = int(objective @ values)
        proven = status == highspy.HighsModelStatus.kOptimal
        bound = value if proven else round_bound(info.mip_dual_bound, sense)
        return EngineResult("optimal" if proven else "feasible", values, value, bound)
