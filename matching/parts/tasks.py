"""One component's solve as a task of plain data, runnable in any process.

A task names the need indices of one component and how to solve them; a worker
builds its own network and model from the day (plain JSON), keeps it for the
next task of the same day, and returns plain data: the chosen pair indices
(the network is built deterministically, so indices agree across processes),
the covered needs and each tier's outcome.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from matching.model.formulation import build_formulation
from matching.network.pairs import Network, build_network
from matching.search.neighbourhoods import cheapen, improve
from matching.search.portfolio import Strategy, race
from matching.search.tiers import LARGE_MODEL, Solution, TierOutcome, solve_tiers, tier_mode
from matching.search.warmstart import repaired, warm_start

__all__ = ["ComponentTask", "ComponentResult", "run_task", "run_task_on_day", "day_key", "choose_engine"]

log = logging.getLogger("sanhu")

SMALL_MODEL = 2000
"""Parts with more variables whose every need is required get cost neighbourhood search (``CHEAPEN_SHARE``)."""
NEIGHBOURHOOD_SHARE = 0.3
"""Share of a large part's share of the caller's time limit that neighbourhood search may spend (counted
in variables, ``matching.search.neighbourhoods``) after the LP-guided start."""
CHEAPEN_SHARE = 0.25
"""Share of a part's time kept from the engine for ``matching.search.neighbourhoods.cheapen`` when only cost is left
(every need of the part required), the part has over ``SMALL_MODEL`` variables and its start covers every need."""
REPAIR_SHARE = 0.25
"""Share of a part's time that ``matching.search.warmstart.repaired`` may spend when the start misses a required need
(or its coverage is proven and only cost is left)."""
NEIGHBOURHOOD_TIERS = frozenset({"coverage", "cost"})
"""Tiers under which a neighbourhood can be solved alone (fairness and balance couple every area)."""


@dataclass(frozen=True)
class ComponentTask:
    """Solve the needs ``needs`` of a day: tiers, engine, time and seed."""

    index: int
    needs: tuple[int, ...]
    tiers: tuple[str, ...]
    engine: str
    time_limit: float | None
    workers: int
    seed: int
    work: float | None = None
    """This task's share of the caller's time limit, for work counted rather than timed (the same on
    every machine and executor); ``time_limit`` when not given."""
    combine_tiers: bool | str = True
    """How a named engine solves coverage and then cost (``matching.search.tiers.MODES``; True is one objective)."""


@dataclass(frozen=True)
class ComponentResult:
    """What a component's solve reached, as plain data."""

    index: int
    needs: tuple[int, ...]
    status: str
    tiers: tuple[TierOutcome, ...]
    chosen: tuple[int, ...]
    covered: tuple[int, ...]
    variables: int
    engine: str
    seconds: float


def choose_engine(requested: str, variables: int) -> str:
    """The engine for a part: as requested, or for ``"auto"`` a race of SCIP and HiGHS
    (``matching.search.portfolio``), and HiGHS alone for parts over ``LARGE_MODEL`` variables,
    which start from the LP relaxation and neighbourhood search."""
    if requested != "auto":
        return requested
    return "race" if variables <= LARGE_MODEL else "highs"


def run_task(task: ComponentTask, network: Network,
             on_tier: Callable[[TierOutcome], None] | None = None) -> ComponentResult:
    """Solve one component on a network already built in this process."""
    started = time.perf_counter()
    model = build_formulation(network, needs=task.needs, tiers=task.tiers)
    large = task.time_limit is not None and model.variables > LARGE_MODEL
    work = task.time_limit if task.work is None else task.work
    start = warm_start(network, model, list(task.needs), lp_seconds=0.9 * task.time_limit if large else None)
    if large and set(task.tiers) <= NEIGHBOURHOOD_TIERS:
        start = improve(network, model, list(task.needs), start, seconds=NEIGHBOURHOOD_SHARE * work,
                        deadline=started + 0.95 * task.time_limit, seed=task.seed)
    if set(task.tiers) <= NEIGHBOURHOOD_TIERS:
        seconds = None if task.time_limit is None else min(
            REPAIR_SHARE * task.time_limit, task.time_limit - (time.perf_counter() - started))
        start = repaired(network, model, list(task.needs), start, seconds=seconds)
    engine = choose_engine(task.engine, model.variables)
    polish = (task.time_limit is not None and model.variables > SMALL_MODEL and start.covers_required
              and "cost" in task.tiers and set(task.tiers) <= NEIGHBOURHOOD_TIERS and model.every_need_required)
    left = None if task.time_limit is None else max(task.time_limit - (time.perf_counter() - started), 0.0)
    if polish:  # the engine keeps at least half of what is left
        left = max(left - CHEAPEN_SHARE * task.time_limit, left / 2)
    log.debug("component %d: %d needs, %d variables, start %d (bound %s) after %.1f s, %s s left",
              task.index, len(task.needs), model.variables, start.coverage, start.bound,
              time.perf_counter() - started, left)
    if engine == "race":
        solution, strategy = race(model, task.tiers, time_limit=left, seed=task.seed, hint=start.values,
                                  hint_feasible=start.covers_required, known_bound=start.bound, on_tier=on_tier)
        engine = strategy.name
    else:
        solution = solve_tiers(model, task.tiers, engine=engine, time_limit=left, workers=task.workers,
                               seed=task.seed, hint=start.values, hint_feasible=start.covers_required,
                               known_bound=start.bound, on_tier=on_tier, weighted=task.combine_tiers)
        engine = Strategy(engine, tier_mode(task.combine_tiers)).name
    if polish and solution.status == "feasible":
        solution = _cheaper(network, solution, seconds=CHEAPEN_SHARE * work,
                            deadline=started + 0.95 * task.time_limit, seed=task.seed)
    return ComponentResult(
        index=task.index,
        needs=task.needs,
        status=solution.status,
        tiers=tuple(solution.tiers),
        chosen=tuple(int(p) for p in solution.chosen),
        covered=tuple(int(n) for n in solution.covered),
        variables=model.variables,
        engine=engine,
        seconds=time.perf_counter() - started,
    )


def _cheaper(network: Network, solution: Solution, *, seconds: float, deadline: float, seed: int) -> Solution:
    """``solution`` after cost neighbourhood search, its cost tier's value lowered to what that found."""
    chosen = cheapen(network, solution.chosen, seconds=seconds, deadline=deadline, seed=seed)
    tiers = []
    for outcome in solution.tiers:
        if outcome.name == "cost":
            value = int(network.pair_cost[chosen].sum())
            outcome = TierOutcome("cost", "min", value, outcome.bound, outcome.bound >= value)
        tiers.append(outcome)
    status = "optimal" if all(outcome.proven for outcome in tiers) else solution.status
    return replace(solution, status=status, tiers=tiers, chosen=chosen)


def day_key(day_json: str) -> str:
    """A short digest naming a day, so workers can keep its network between tasks."""
    return hashlib.sha256(day_json.encode("utf-8")).hexdigest()[:16]


_NETWORKS: dict[str, Network] = {}


def run_task_on_day(day_json: str, task: ComponentTask) -> ComponentResult:
    """Solve one component in a worker process: build (or reuse) the day's network first."""
    key = day_key(day_json)
    if key not in _NETWORKS:
        from models import Problem

        _NETWORKS.clear()
        _NETWORKS[key] = build_network(Problem.model_validate(json.loads(day_json)))
    return run_task(task, _NETWORKS[key])
