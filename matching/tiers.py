"""Lexicographic objective tiers, solved one after another with CP-SAT.

Tier ``i`` is optimised with tiers ``0..i-1`` held at the values already reached
(``≥`` for a maximised tier, ``≤`` for a minimised one), each solve hinted with
the previous solution, so no amount of a lower tier can buy a unit of a higher
one. The time limit is shared: each tier gets what the ones before it left.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from matching.formulation import Formulation

__all__ = ["TierOutcome", "Solution", "solve_tiers", "DEFAULT_WORKERS"]

DEFAULT_WORKERS = 8
"""CP-SAT portfolio size; more workers than cores still helps through diversity."""


@dataclass(frozen=True)
class TierOutcome:
    """What one tier reached, in hundredths; ``proven`` when the value is optimal."""

    name: str
    sense: str
    value: int
    bound: int
    proven: bool


@dataclass
class Solution:
    """The final assignment of a formulation and how far each tier got."""

    status: str
    tiers: list[TierOutcome] = field(default_factory=list)
    chosen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    covered: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    seconds: float = 0.0

    @property
    def proven(self) -> bool:
        return self.status == "optimal"


def _parameters(solver: cp_model.CpSolver, *, workers: int, seed: int, seconds: float | None) -> None:
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(seconds, 0.001)


def _values(solver: cp_model.CpSolver, variables: Sequence[cp_model.IntVar]) -> np.ndarray:
    solution = np.asarray(solver.response_proto.solution, dtype=np.int64)
    indices = np.fromiter((v.index for v in variables), dtype=np.int64, count=len(variables))
    return solution[indices] if len(indices) else np.zeros(0, dtype=np.int64)


def solve_tiers(
    form: Formulation,
    tiers: Sequence[str],
    *,
    time_limit: float | None = None,
    workers: int = DEFAULT_WORKERS,
    seed: int = 0,
    hint: dict[cp_model.IntVar, int] | None = None,
) -> Solution:
    """Optimise ``tiers`` in order on ``form.model`` and return the final assignment.

    Status: ``optimal`` when every tier is proven, ``feasible`` when a solution
    exists but some tier is not proven, ``infeasible`` when the required needs
    cannot be covered, ``unknown`` when time ran out before any solution.
    """
    started = time.perf_counter()
    model = form.model
    pair_ids = list(form.assign)
    need_ids = list(form.cover)
    variables = [form.assign[p] for p in pair_ids] + [form.cover[n] for n in need_ids]
    outcomes: list[TierOutcome] = []
    values: np.ndarray | None = None
    status = "optimal"
    for name in tiers:
        expression, sense = form.tier(name)
        remaining = None if time_limit is None else time_limit - (time.perf_counter() - started)
        if values is not None and remaining is not None and remaining <= 0:
            outcomes.append(_unsolved(form, name, sense, pair_ids, need_ids, values))
            status = "feasible"
            continue
        model.clear_objective()
        (model.maximize if sense == "max" else model.minimize)(expression)
        model.clear_hints()
        if values is not None:
            for variable, value in zip(variables, values):
                model.add_hint(variable, int(value))
        elif hint:
            for variable, value in hint.items():
                model.add_hint(variable, value)
        solver = cp_model.CpSolver()
        _parameters(solver, workers=workers, seed=seed, seconds=remaining)
        result = solver.solve(model)
        if result == cp_model.INFEASIBLE:
            return Solution("infeasible", outcomes, seconds=time.perf_counter() - started)
        if result not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if values is None:
                return Solution("unknown", outcomes, seconds=time.perf_counter() - started)
            outcomes.append(_unsolved(form, name, sense, pair_ids, need_ids, values))
            status = "feasible"
            continue
        values = _values(solver, variables)
        value = int(round(solver.objective_value))
        proven = result == cp_model.OPTIMAL
        outcomes.append(TierOutcome(name, sense, value, int(round(solver.best_objective_bound)), proven))
        if not proven:
            status = "feasible"
        model.add(expression >= value if sense == "max" else expression <= value)
    assert values is not None
    chosen, covered = _split(pair_ids, need_ids, values)
    return Solution(status, outcomes, chosen, covered, time.perf_counter() - started)



def _unsolved(form: Formulation, name: str, sense: str, pair_ids, need_ids, values: np.ndarray) -> TierOutcome:
    """A tier left without time: its value at the current solution, no proof."""
    chosen, covered = _split(pair_ids, need_ids, values)
    value = form.evaluate(name, chosen, covered)
    return TierOutcome(name, sense, value, value, proven=False)


def _split(pair_ids: list[int], need_ids: list[int], values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    chosen = np.array(pair_ids, dtype=np.int64)[values[: len(pair_ids)] > 0]
    covered = np.array(need_ids, dtype=np.int64)[values[len(pair_ids):] > 0]
    return chosen, covered
