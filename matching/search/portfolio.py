"""A race of two exact strategies on one model: the first to prove its plan wins, the other is stopped.

No engine and no way of stating the tiers is fastest on every kind of day: on the generator's city
tier SCIP with coverage and cost as one objective proves a day several times faster than HiGHS,
while on days of teams (needs asking several people at once) HiGHS solving coverage first and cost
second proves days that SCIP does not prove in a minute (``python -m benchmarks families``,
``benchmarks/README.md``). Which one wins cannot be told from the model beforehand, so both run,
each on its own thread (every engine releases Python's lock while it searches), and the first
proof decides: a proven optimum (every tier) or proven infeasibility.

The first strategy (``RACE[0]``) starts at once; the second only once the first has searched for
``RACE_DELAY`` seconds of processor time (counted from its engine being built, on the first's own
thread, so a busy machine or a slow first start does not bring the second in early): a part the
first proves quickly costs one core and its plan is the first strategy's alone. When
neither proves before the time limit, the better plan is kept (tiers compared in order, ties to the
first strategy) with the tighter of the two coverage bounds.

A plan that a race returns is optimal, but which optimal plan comes back depends on which strategy
proved first; ``Solution`` records the winner, and solving with that engine alone
(``engine=`` and ``combine_tiers=``) gives the same plan again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from matching.model.formulation import LinearModel
from matching.search.tiers import Solution, TierOutcome, solve_tiers

__all__ = ["Strategy", "RACE", "RACE_COST_ONLY", "RACE_DELAY", "race"]

log = logging.getLogger("sanhu")


@dataclass(frozen=True)
class Strategy:
    """An engine and how it states coverage and cost: as one objective (``combined``) or one after the other."""

    engine: str
    combined: bool

    @property
    def name(self) -> str:
        return self.engine if self.combined else f"{self.engine}/tiers"


RACE = (Strategy("scip", combined=True), Strategy("highs", combined=False))
"""The racing strategies, the first starting at once. SCIP takes the greedy start and proves the
generator's tiers fastest; HiGHS, tier by tier, proves the team-heavy days (``benchmarks/README.md``)."""
RACE_COST_ONLY = (Strategy("cp-sat", combined=True), Strategy("highs", combined=False))
"""The racing strategies when every need of the part is required, so that only cost is left (a
generalized assignment problem): CP-SAT proves small tight ones fastest, HiGHS larger ones."""
RACE_DELAY = 0.25
"""Seconds of the first strategy's search (processor time on its thread) before the second starts: parts
the first proves within it cost one core, and a part the second wins costs about this much more than the
second alone."""

_POLL = 0.02  # seconds between repeated interruptions of a loser that has not returned yet


@dataclass
class _Lane:
    strategy: Strategy
    thread: threading.Thread | None = None
    engine: object | None = None
    solution: Solution | None = None
    error: BaseException | None = None
    done: bool = False
    native_id: int | None = None
    searching_from: float | None = None
    """The lane thread's processor seconds when its engine was built (None until then)."""

    def searched(self) -> float:
        """Processor seconds this lane has spent since its engine was built (0 before)."""
        if self.searching_from is None or self.native_id is None:
            return 0.0
        return _thread_seconds(self.native_id) - self.searching_from


def _thread_seconds(native_id: int) -> float:
    """Processor time (user and system) of one thread of this process, from /proc; wall time elsewhere."""
    try:
        with open(f"/proc/self/task/{native_id}/stat", encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return time.perf_counter()


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def race(model: LinearModel, tiers: Sequence[str], *, time_limit: float | None, seed: int,
         hint: np.ndarray | None = None, hint_feasible: bool = False, known_bound: int | None = None,
         on_tier: Callable[[TierOutcome], None] | None = None, strategies: Sequence[Strategy] | None = None,
         delay: float | None = None) -> tuple[Solution, Strategy]:
    """Solve ``tiers`` of ``model`` with every strategy at once; the first proof wins.

    Returns the winning solution and strategy (when none proves: the better solution, with the
    tightest coverage bound found). ``on_tier`` hears the returned solution's tiers at the end.
    ``strategies`` (default ``RACE``, or ``RACE_COST_ONLY`` when only cost is left) start one after another, ``delay`` seconds apart (default
    ``RACE_DELAY``).
    """
    started = time.perf_counter()
    if strategies is None:
        strategies = RACE_COST_ONLY if model.every_need_required else RACE
    delay = RACE_DELAY if delay is None else delay
    lanes = [_Lane(strategy) for strategy in strategies]
    finished = threading.Condition()

    def built(lane: _Lane, engine: object) -> None:
        lane.engine = engine
        lane.searching_from = _thread_seconds(lane.native_id)

    def run(lane: _Lane, before: _Lane | None) -> None:
        lane.native_id = threading.get_native_id()
        try:
            if before is not None and _wait_for(before, lanes, finished, delay):
                return
            limit = None if time_limit is None else max(time_limit - (time.perf_counter() - started), 0.001)
            lane.solution = solve_tiers(model, tiers, engine=lane.strategy.engine, time_limit=limit, workers=1,
                                        seed=seed, hint=hint, hint_feasible=hint_feasible, known_bound=known_bound,
                                        weighted=lane.strategy.combined, on_engine=lambda engine: built(lane, engine))
        except BaseException as error:  # re-raised in the caller's thread
            lane.error = error
        finally:
            with finished:
                lane.done = True
                finished.notify_all()

    for index, lane in enumerate(lanes):
        lane.thread = threading.Thread(target=run, args=(lane, lanes[index - 1] if index else None),
                                       name=f"sanhu-{lane.strategy.name}", daemon=True)
        lane.thread.start()
    with finished:
        finished.wait_for(lambda: any(_decisive(lane) for lane in lanes) or all(lane.done for lane in lanes))
    _stop(lanes)
    if not any(lane.solution is not None for lane in lanes):
        raise next(lane.error for lane in lanes if lane.error is not None)
    solution, strategy = _pick(lanes)
    log.debug("race of %s: %s won (%s) after %.2f s", ", ".join(s.name for s in strategies), strategy.name,
              solution.status, time.perf_counter() - started)
    if on_tier is not None:
        for outcome in solution.tiers:
            on_tier(outcome)
    return solution, strategy


def _wait_for(before: _Lane, lanes: list[_Lane], finished: threading.Condition, delay: float) -> bool:
    """Wait until ``before`` has searched ``delay`` processor seconds or stopped; True when some lane has
    already proven its answer (nothing left to race for)."""
    with finished:
        while not any(_decisive(lane) for lane in lanes):
            if before.done or before.searched() >= delay:
                return False
            finished.wait(_POLL)
    return True


def _decisive(lane: _Lane) -> bool:
    """Whether a lane has proven its answer: every tier optimal, or the required needs infeasible."""
    return lane.solution is not None and lane.solution.status in ("optimal", "infeasible")


def _stop(lanes: list[_Lane]) -> None:
    """Interrupt every lane still searching, again until it returns (an engine may miss an early one)."""
    for lane in lanes:
        while lane.thread is not None and lane.thread.is_alive():
            if lane.engine is not None:
                lane.engine.interrupt()
            lane.thread.join(_POLL)


def _pick(lanes: list[_Lane]) -> tuple[Solution, Strategy]:
    """The first decisive lane's solution; else the best one, with the tightest coverage bound of all."""
    for lane in lanes:
        if _decisive(lane):
            return lane.solution, lane.strategy
    done = [lane for lane in lanes if lane.solution is not None]
    best = done[0]
    for lane in done[1:]:
        if _better(lane.solution, best.solution):
            best = lane
    return _with_best_bound(best.solution, [lane.solution for lane in done]), best.strategy


_RANK = {"optimal": 3, "feasible": 2, "unknown": 1, "infeasible": 0}


def _better(candidate: Solution, incumbent: Solution) -> bool:
    """Whether ``candidate`` is strictly better: a better status, else tier values better in order."""
    if _RANK[candidate.status] != _RANK[incumbent.status]:
        return _RANK[candidate.status] > _RANK[incumbent.status]
    for mine, theirs in zip(candidate.tiers, incumbent.tiers):
        if mine.value != theirs.value:
            return mine.value > theirs.value if mine.sense == "max" else mine.value < theirs.value
    return False


def _with_best_bound(solution: Solution, others: list[Solution]) -> Solution:
    """``solution`` with the tightest coverage bound any lane proved (every lane bounds the same model)."""
    if not solution.tiers or solution.tiers[0].name != "coverage":
        return solution
    first = solution.tiers[0]
    bounds = [other.tiers[0].bound for other in others if other.tiers and other.tiers[0].name == "coverage"]
    bound = min([first.bound, *bounds])
    if bound == first.bound:
        return solution
    tightened = TierOutcome(first.name, first.sense, first.value, bound, first.proven or bound <= first.value)
    tiers = [tightened, *solution.tiers[1:]]
    if not all(outcome.proven for outcome in tiers):
        return replace(solution, tiers=tiers)
    return replace(solution, tiers=tiers, status="optimal", unproven=np.zeros(0, dtype=np.int64))
