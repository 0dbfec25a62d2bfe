"""Lexicographic objective tiers, solved one after another by an exact engine.

Tier ``i`` is optimised with tiers ``0..i-1`` held at the values already reached
(``≥`` for a maximised tier, ``≤`` for a minimised one), each solve hinted with
the previous solution, so no amount of a lower tier can buy a unit of a higher
one. The time limit is shared: each tier gets what the ones before it left.

Coverage followed by cost is solved as one objective, ``coverage · M − cost``
with ``M · step > cost_ceiling`` (``step``: the smallest difference two coverage
values can have, the gcd of the weights; ``cost_ceiling``: what any solution
costs at most, ``LinearModel.cost_ceiling``; costs are never negative). One unit
of coverage outweighs every cost, so the optimum of the one objective is the
lexicographic optimum, in exact integers; a single search proves both tiers
(SCIP on the city tier's largest parts: 2-4 times faster than one tier after
the other, ``benchmarks/README.md``). Only while the objective stays below
``WEIGHTED_LIMIT``, far inside what double precision resolves to a hundredth,
and while coverage is not fixed (every weighted need required: cost alone is
left); otherwise, and with ``weighted="tier-by-tier"``, tier by tier.

``weighted="coverage-first"`` proves coverage alone first and then solves the one
objective with coverage held at its optimum: on days of teams, where the one
objective's search is slow to find the optimum and tier by tier is slow to prove
the cost (its cost tier answers to a row as long as the day), HiGHS proves in
20 s what takes it 50 s with the one objective (``benchmarks/README.md``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.model.formulation import LinearModel
from matching.model.linear import NO_BOUND
from matching.search.bounds import lagrangian_bound
from matching.search.engines import EngineResult, make_engine

__all__ = ["TierOutcome", "Solution", "solve_tiers", "combined_bounds", "tier_mode", "effective_mode", "MODES",
           "DEFAULT_WORKERS"]

MODES = ("one-objective", "tier-by-tier", "coverage-first")
"""How coverage followed by cost is solved (see the module)."""


def tier_mode(weighted: bool | str) -> str:
    """The mode a ``weighted`` argument names: True is ``one-objective``, False ``tier-by-tier``."""
    if weighted is True or weighted is False:
        return "one-objective" if weighted else "tier-by-tier"
    if weighted not in MODES:
        raise ValueError(f"unknown way of solving the tiers {weighted!r}: choose one of {', '.join(MODES)}")
    return weighted


def effective_mode(model: LinearModel, tiers: Sequence[str], mode: str) -> str:
    """The way ``solve_tiers`` actually solves ``tiers`` of ``model`` when asked for ``mode``: tier by tier
    whenever coverage and cost cannot be one objective (they are not next to each other, only cost is left,
    a cost is negative, or the one objective would pass ``WEIGHTED_LIMIT``)."""
    if mode == "tier-by-tier":
        return mode
    paired = any(tuple(tiers[i:i + 2]) == ("coverage", "cost") for i in range(len(tiers) - 1))
    return mode if paired and _scale(model) is not None else "tier-by-tier"


DEFAULT_WORKERS = 8
"""CP-SAT portfolio size; more workers than cores still helps through diversity."""

log = logging.getLogger("sanhu")
LARGE_MODEL = 100_000
"""Models with more variables keep part of the time for a Lagrangian coverage bound."""
SECONDS_PER_VARIABLE = 1e-5
"""A search on a model with a start is skipped when fewer seconds than this per variable are left
(HiGHS's presolve alone takes about that long on the metro tier's 1.5 million variables)."""
LARGE_SECONDS_PER_VARIABLE = 1e-4
"""The same for models over ``LARGE_MODEL`` variables, whose start already comes from the LP relaxation and
neighbourhood search: on the metro tier's largest part (1.5 million variables) HiGHS given 34 s
(2.2·10⁻⁵ s per variable) ended without a plan of its own (``benchmarks/README.md``)."""


WEIGHTED_LIMIT = 10**11
"""Largest objective value (in hundredths) for which coverage and cost are solved as one objective
(the city tier's largest parts reach about 6·10⁹)."""


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
    """The final assignment of a model and how far each tier got."""

    status: str
    tiers: list[TierOutcome] = field(default_factory=list)
    chosen: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    covered: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    seconds: float = 0.0
    unproven: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Needs whose coverage was not proven optimal (their component ran out of time)."""


def solve_tiers(
    model: LinearModel,
    tiers: Sequence[str],
    *,
    engine: str = "cp-sat",
    time_limit: float | None = None,
    workers: int = DEFAULT_WORKERS,
    seed: int = 0,
    hint: np.ndarray | None = None,
    hint_feasible: bool = False,
    known_bound: int | None = None,
    on_tier: Callable[[TierOutcome], None] | None = None,
    weighted: bool | str = True,
    on_engine: Callable[[object], None] | None = None,
) -> Solution:
    """Optimise ``tiers`` in order and return the final assignment.

    Status: ``optimal`` when every tier is proven, ``feasible`` when a solution
    exists but some tier is not proven, ``infeasible`` when the required needs
    cannot be covered, ``unknown`` when time ran out before any solution. A
    ``hint_feasible`` hint is kept as the incumbent when the engine finds nothing.
    ``known_bound`` is a proven bound on the first tier found beforehand (an LP
    relaxation). ``on_tier`` hears each tier's outcome as it is settled.
    ``weighted`` says how coverage followed by cost is solved: as one objective (True,
    ``"one-objective"``), tier by tier (False, ``"tier-by-tier"``) or ``"coverage-first"``
    (see above).
    ``on_engine`` is handed the engine once it is built, so that another thread may ``interrupt()`` it
    (``matching.search.portfolio``).
    """
    started = time.perf_counter()
    mode = tier_mode(weighted)
    if model.variables == 0:  # nothing can be covered and nothing is required
        empty = np.zeros(0, dtype=np.int64)
        tiers_met = [TierOutcome(name, model.objective(name)[1], 0, 0, True) for name in tiers]
        return Solution("optimal", tiers_met, empty, empty, time.perf_counter() - started)
    hint_feasible = hint_feasible and hint is not None and model.satisfies(hint)  # trust, but check: O(nonzeros)
    lagrangian = known_bound is None and time_limit is not None and model.variables > LARGE_MODEL
    reserve = 0.15 * time_limit if lagrangian else 0.0
    solver = make_engine(engine, model, workers=workers, seed=seed)
    if on_engine is not None:
        on_engine(solver)
    run = _Run(model, solver, started, None if time_limit is None else time_limit - reserve, hint, hint_feasible)
    position = 0
    while position < len(tiers):
        pair = tuple(tiers[position:position + 2]) == ("coverage", "cost")
        scale = _scale(model) if mode != "tier-by-tier" and pair else None
        span = 1 if scale is None else 2
        heard = len(run.outcomes)
        if scale is None:
            ended = run.settle(tiers[position], last=position == len(tiers) - 1)
        elif mode == "coverage-first":
            ended = run.settle("coverage", last=False) or run.settle_cost_held(*scale)
        else:
            ended = run.settle_together(*scale)
        if ended is not None:
            return Solution(ended, run.outcomes, seconds=time.perf_counter() - started)
        if on_tier is not None:
            for outcome in run.outcomes[heard:]:
                on_tier(outcome)
        position += span
    outcomes = run.outcomes
    if tiers[0] == "coverage" and not outcomes[0].proven and not solver.interrupted:
        # (an interrupted search's result is not used: no time is spent on its bound)
        seconds = reserve or (2.0 if time_limit is None else min(0.05 * time_limit, 2.0))
        outcomes[0] = _tightened(model, outcomes[0], seconds, known_bound)
    status = "optimal" if all(t.proven for t in outcomes) else "feasible"
    chosen, covered = model.split(run.values)
    unproven = np.zeros(0, dtype=np.int64) if outcomes[0].proven else model.needs
    return Solution(status, outcomes, chosen, covered, time.perf_counter() - started, unproven)


class _Run:
    """One lexicographic solve in progress: the engine, the incumbent and each tier's outcome."""

    def __init__(self, model: LinearModel, solver, started: float, limit: float | None,
                 hint: np.ndarray | None, hint_feasible: bool) -> None:
        self.model, self.solver, self.started, self.limit = model, solver, started, limit
        self.hint, self.hint_feasible = hint, hint_feasible
        self.values: np.ndarray | None = None
        self.outcomes: list[TierOutcome] = []
        self.held: list[tuple[np.ndarray, str, int]] = []  # the tiers held by ``_hold``: objective, sense, value

    def settle(self, name: str, *, last: bool) -> str | None:
        """Optimise tier ``name`` and hold it; returns a final status when the solve must stop."""
        objective, sense = self.model.objective(name)
        if not last and np.all(self.model.lower[objective != 0] == 1):
            # Every variable of this tier is fixed (e.g. all needs required): nothing to optimise;
            # a later tier's solve decides feasibility.
            self.outcomes.append(TierOutcome(name, sense, int(objective.sum()), int(objective.sum()), True))
            return None
        best = self._reaching(objective, _trivial_bound(objective, sense))
        if best is not None:
            # the incumbent reaches what no solution can beat (a plan that keeps every pair it is asked to
            # keep): the tier is proven without a search
            self.values = best
            self._hold(name, sense, objective, int(objective @ best), int(objective @ best), proven=True)
            return None
        remaining, skip = self._time_left()
        if skip:
            self.outcomes.append(_unsolved(name, sense, objective, self.values))
            return None
        ended, result = self._search(objective, sense, remaining, f"tier {name}")
        if ended is not None:
            return ended
        if result.values is None:
            self.outcomes.append(_unsolved(name, sense, objective, self.values, result.bound))
            return None
        values, value = result.values, result.value
        if self.values is None and self.hint_feasible and _better(int(objective @ self.hint), value, sense):
            values, value = self.hint, int(objective @ self.hint)  # the engine stopped below the start
        self.values = values
        bound = result.bound if result.bound is not None else _trivial_bound(objective, sense)
        self._hold(name, sense, objective, value, bound, proven=result.status == "optimal" and value == result.value)
        return None

    def _reaching(self, objective: np.ndarray, target: int) -> np.ndarray | None:
        """The incumbent, or else the feasible start if it keeps every tier held so far, when it reaches
        ``target`` on ``objective``; None otherwise."""
        for values in (self.values, self.hint if self.hint_feasible else None):
            if values is not None and int(objective @ values) == target and all(
                    (int(held @ values) >= value) if sense == "max" else (int(held @ values) <= value)
                    for held, sense, value in self.held):
                return values
        return None

    def _hold(self, name: str, sense: str, objective: np.ndarray, value: int, bound: int, *, proven: bool) -> None:
        """Record the tier's outcome and hold it at ``value`` for the tiers after it."""
        self.outcomes.append(TierOutcome(name, sense, value, bound, proven))
        self.held.append((objective, sense, value))
        cols = np.flatnonzero(objective)
        low, high = (value, NO_BOUND) if sense == "max" else (-NO_BOUND, value)
        self.solver.add_row(cols.tolist(), objective[cols].tolist(), low, high)

    def _search(self, objective: np.ndarray, sense: str, remaining: float | None,
                what: str) -> tuple[str | None, EngineResult]:
        """The engine's search from the incumbent (or the start), and a final status if the solve must stop.

        When the engine found nothing, the incumbent is the start (if feasible) from then on.
        """
        result = self.solver.optimize(objective, sense, time_limit=remaining,
                                      hint=self.values if self.values is not None else self.hint)
        log.debug("%s on %d variables: %s, value %s, bound %s, %.1f s since start", what, self.model.variables,
                  result.status, result.value, result.bound, time.perf_counter() - self.started)
        if result.status == "infeasible" and self.values is None:
            return "infeasible", result
        if result.values is None:
            if self.values is None and not self.hint_feasible:
                return "unknown", result
            self.values = self.hint if self.values is None else self.values
        return None, result

    def _time_left(self) -> tuple[float | None, bool]:
        """Seconds left for the next search, and whether to skip it and keep the incumbent."""
        remaining = None if self.limit is None else self.limit - (time.perf_counter() - self.started)
        per_variable = LARGE_SECONDS_PER_VARIABLE if self.model.variables > LARGE_MODEL else SECONDS_PER_VARIABLE
        too_short = remaining is not None and remaining <= self.model.variables * per_variable
        if too_short and self.values is None and self.hint_feasible:
            self.values = self.hint  # too little time for the engine even to presolve: keep the start
        return remaining, too_short and self.values is not None

    def settle_together(self, scale: int, ceiling: int, step: int) -> str | None:
        """Optimise coverage · ``scale`` − cost and hold both tiers; as ``settle`` for the two tiers."""
        coverage, cost = self.model.objective("coverage")[0], self.model.objective("cost")[0]
        combined = coverage * scale - cost
        remaining, skip = self._time_left()
        if skip:
            self._hold_together(coverage, cost, scale, ceiling, step, None, proven=False)
            return None
        ended, result = self._search(combined, "max", remaining,
                                     f"tiers coverage and cost (one objective, scale {scale})")
        if ended is not None:
            return ended
        if result.values is None:
            self._hold_together(coverage, cost, scale, ceiling, step, result.bound, proven=False)
            return None
        values, proven = result.values, result.status == "optimal"
        if self.values is None and self.hint_feasible and int(combined @ self.hint) > result.value:
            values, proven = self.hint, False  # the engine stopped below the start
        self.values = values
        self._hold_together(coverage, cost, scale, ceiling, step, result.bound, proven=proven)
        return None

    def settle_cost_held(self, scale: int, ceiling: int, step: int) -> str | None:
        """Cost, coverage being held at its proven optimum: coverage · ``scale`` − cost is optimised under the
        coverage row, which gives cost the one objective's search; tier by tier when coverage is not proven."""
        if not self.outcomes[-1].proven:
            return self.settle("cost", last=True)
        coverage, cost = self.model.objective("coverage")[0], self.model.objective("cost")[0]
        reached = self.outcomes[-1].value
        remaining, skip = self._time_left()
        if skip:
            self.outcomes.append(_unsolved("cost", "min", cost, self.values))
            return None
        ended, result = self._search(coverage * scale - cost, "max", remaining,
                                     f"tier cost (coverage held at {reached}, one objective, scale {scale})")
        if ended is not None:
            return ended
        if result.values is not None:
            self.values = result.values
        spent = int(cost @ self.values)
        proven = result.status == "optimal" and result.values is not None
        cheapest = spent if proven else (0 if result.bound is None else min(spent, max(0, reached * scale - result.bound)))
        self.outcomes.append(TierOutcome("cost", "min", spent, cheapest, cheapest >= spent))
        cols = np.flatnonzero(cost)
        if len(cols):
            self.solver.add_row(cols.tolist(), cost[cols].tolist(), -NO_BOUND, spent)
            self.held.append((cost, "min", spent))
        return None

    def _hold_together(self, coverage: np.ndarray, cost: np.ndarray, scale: int, ceiling: int, step: int,
                       bound: int | None, *, proven: bool) -> None:
        """Both tiers' outcomes from a bound on coverage · ``scale`` − cost (``combined_bounds``; a proven
        optimum is its own bound), and rows holding them."""
        reached, spent = int(coverage @ self.values), int(cost @ self.values)
        if proven:
            bound = reached * scale - spent
        most, cheapest = combined_bounds(reached, spent, bound, scale, ceiling, step, _trivial_bound(coverage, "max"))
        self.outcomes += [TierOutcome("coverage", "max", reached, most, most <= reached),
                          TierOutcome("cost", "min", spent, cheapest, most <= reached and cheapest >= spent)]
        self.held += [(coverage, "max", reached), (cost, "min", spent)]
        for objective, low, high in ((coverage, reached, NO_BOUND), (cost, -NO_BOUND, spent)):
            cols = np.flatnonzero(objective)
            if len(cols):
                self.solver.add_row(cols.tolist(), objective[cols].tolist(), low, high)


def combined_bounds(reached: int, spent: int, bound: int | None, scale: int, ceiling: int, step: int,
                    most: int) -> tuple[int, int]:
    """(coverage bound, cost bound) of a plan covering ``reached`` at cost ``spent``, from ``bound`` on
    coverage · ``scale`` − cost (None: no bound) and ``most``, the coverage of every weighted need.

    Every plan has coverage · scale − cost ≤ bound and 0 ≤ cost ≤ ceiling, so its coverage is at most
    (bound + ceiling) / scale, rounded down to a multiple of ``step``. Once no plan covers more than
    ``reached``, none covering as much costs less than reached · scale − bound; until then the cost
    bound is 0.
    """
    if bound is None:
        return most, 0
    most = min(most, max(reached, (bound + ceiling) // scale // step * step))
    return most, (0 if most > reached else min(spent, max(0, reached * scale - bound)))


def _scale(model: LinearModel) -> tuple[int, int, int] | None:
    """(scale, cost ceiling, coverage step) for coverage · scale − cost, or None to go tier by tier.

    None when coverage is fixed (every need with weight required: only cost is left), when a cost
    is negative, or when the one objective could pass ``WEIGHTED_LIMIT``.
    """
    coverage, cost = model.objective("coverage")[0], model.objective("cost")[0]
    weights = coverage[coverage > 0]
    if not len(weights) or model.every_need_required or np.any(cost < 0):
        return None
    step = int(np.gcd.reduce(weights))
    ceiling = model.cost_ceiling()
    scale = ceiling // step + 1
    if sum(weights.tolist()) * scale + ceiling > WEIGHTED_LIMIT:  # Python ints: checked before any int64 product
        return None
    return scale, ceiling, step


def _tightened(model: LinearModel, coverage: TierOutcome, seconds: float, known: int | None) -> TierOutcome:
    """The coverage outcome with the best bound known: the engine's, a known one, or a Lagrangian one."""
    other = known if known is not None else lagrangian_bound(model, coverage.value, seconds=seconds)
    log.debug("coverage bound: engine %s, other %s", coverage.bound, other)
    bound = min(coverage.bound, other)
    return TierOutcome(coverage.name, coverage.sense, coverage.value, bound, bound <= coverage.value)


def _better(candidate: int, incumbent: int, sense: str) -> bool:
    return candidate > incumbent if sense == "max" else candidate < incumbent


def _trivial_bound(objective: np.ndarray, sense: str) -> int:
    """What no solution can beat: every positive (max) or negative (min) coefficient taken."""
    return int(objective.clip(min=0).sum() if sense == "max" else objective.clip(max=0).sum())


def _unsolved(name: str, sense: str, objective: np.ndarray, values: np.ndarray,
              bound: int | None = None) -> TierOutcome:
    """A tier the engine did not solve: its value at the incumbent and the best bound known."""
    trivial = _trivial_bound(objective, sense)
    if bound is None:
        bound = trivial
    else:
        bound = min(bound, trivial) if sense == "max" else max(bound, trivial)
    return TierOutcome(name, sense, int(objective @ values), bound, proven=False)
