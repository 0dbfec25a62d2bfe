"""``solve``: a day in, an optimal, explained plan out.

The data walks ``models.Problem`` → ``network`` (eligible pairs) → ``components``
(needs that cannot interact) → per component ``formulation`` and ``tiers`` (the
lexicographic solve, run by an ``executor``) → ``merge`` → ``plan`` with
``reasons`` for every unmet need.
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import signal
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from importlib import metadata
from typing import Any

import numpy as np

from matching import interrupts
from matching.events import ProgressEvent, describe
from matching.model.equity import EQUITY_TIERS
from matching.network.components import components
from matching.network.pairs import Network, build_network
from matching.outcome.core import required_core
from matching.outcome.plan import build_plan
from matching.outcome.reasons import not_judged, unmet_reasons
from matching.parts.executors import resolve_executor
from matching.parts.merge import merge_results
from matching.parts.tasks import ComponentResult, ComponentTask
from matching.scaling import from_hundredths
from matching.search.engines import ENGINES
from matching.search.tiers import DEFAULT_WORKERS, tier_mode
from models import Core, Interrupted, InvalidProblem, Issue, Plan, Problem, Reason, Stats
from models.messages import language

__all__ = ["solve", "SUPPORTED_TIERS", "MAX_TIME_LIMIT"]

log = logging.getLogger("sanhu")

SUPPORTED_TIERS = ("coverage", "fairness", "cost", "balance")
_MAX_SEED = 2**31 - 1
MAX_TIME_LIMIT = 1e6
"""Longer time limits (11.6 days and beyond, e.g. ``1e16``) are taken as this: engines count time in
integers that a longer one would overflow."""


@functools.cache
def version() -> str:
    """The installed sanhu version (read once: the package's metadata takes milliseconds to parse, which every
    solve and re-plan would pay again)."""
    try:
        return metadata.version("sanhu")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def check_tiers(problem: Problem) -> None:
    """Raise ``InvalidProblem`` for objective tiers this version cannot solve."""
    issues = [
        Issue(f"settings.objective[{i}]", f"tier {name!r} is not supported by sanhu {version()} "
              f"(supported: {', '.join(SUPPORTED_TIERS)})")
        for i, name in enumerate(problem.settings.objective) if name not in SUPPORTED_TIERS
    ]
    if issues:
        raise InvalidProblem(issues)


def _check_arguments(time_limit: float | None, workers: int, seed: int, engine: str) -> float | None:
    """Refuse arguments out of range; the time limit to keep (at most ``MAX_TIME_LIMIT``)."""
    if time_limit is not None and not (isinstance(time_limit, (int, float)) and not isinstance(time_limit, bool)
                                       and math.isfinite(time_limit) and time_limit > 0):
        raise ValueError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    if not 1 <= workers <= 256:
        raise ValueError(f"workers must be between 1 and 256, got {workers}")
    if not 0 <= seed <= _MAX_SEED:
        raise ValueError(f"seed must be between 0 and {_MAX_SEED}, got {seed}")
    if engine != "auto" and engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose 'auto' or one of {', '.join(ENGINES)}")
    return None if time_limit is None else min(float(time_limit), MAX_TIME_LIMIT)


def solve(
    problem: Problem,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int = 0,
    executor: Any = None,
    engine: str = "auto",
    decompose: bool = True,
    combine_tiers: bool | str = True,
    progress: Callable[[ProgressEvent], None] | None = None,
    lang: str | None = None,
) -> Plan:
    """Plan a day: cover as much weight as possible, then as cheaply as possible.

    Parameters
    ----------
    problem : models.Problem
        The validated day. It is not modified.
    time_limit : float, optional
        Wall-clock seconds for the whole solve, kept as well as the engines allow
        (default: until proven optimal); more than ``MAX_TIME_LIMIT`` is taken as that.
    workers : int, optional
        CP-SAT search workers per model with ``engine="cp-sat"`` (default 8); SCIP and HiGHS,
        and every engine of ``"auto"``'s race, run on one thread each.
    seed : int
        Random seed; the same day and seed give the same plan.
    executor : optional
        Where components are solved: None (this process), ``"processes"``, a Dask
        address or client (see ``matching.parts.executors``).
    engine : str
        ``"auto"`` (a race of HiGHS with one objective against SCIP with one objective,
        then HiGHS coverage first, the first proof winning; HiGHS alone for the largest parts; ``matching.search.portfolio``),
        ``"cp-sat"``, ``"scip"`` or ``"highs"``.
    decompose : bool
        Solve independent components apart (exact; default). False builds one model.
    combine_tiers : bool or str
        With a named engine, how coverage and then cost are solved: as one objective,
        coverage · M − cost with one unit of coverage worth more than any plan's cost
        (True or ``"one-objective"``, exact; default), one after the other (False or
        ``"tier-by-tier"``), or ``"coverage-first"`` (coverage alone, then the one
        objective with coverage held). ``"auto"``'s race chooses for itself.
    progress : callable, optional
        Called with a ``ProgressEvent`` as components finish.
    lang : str, optional
        The language of the plan's sentences for people (each reason's and the core's ``detail``):
        ``"en"`` or ``"zh"``; default ``SANHU_LANG``, else English (``models.messages.language``).
        Reason codes are the same in every language.

    Returns
    -------
    models.Plan
        Always a plan: ``status`` is ``optimal``, ``feasible`` (time ran out),
        ``infeasible`` (required needs cannot all be covered; ``plan.core`` says
        which) or ``unknown`` (time ran out before any plan).

    Raises
    ------
    models.Interrupted
        A ``KeyboardInterrupt`` when SIGINT (or, under ``sanhu``, SIGTERM) stopped the solve; its
        ``plan`` is the best plan so far (``feasible``, ``stats.interrupted``) or None. The engines
        stop at once; with ``executor="processes"`` too, not with Dask.

    Examples
    --------
    >>> from matching import example_day, solve
    >>> plan = solve(example_day())
    >>> plan.status
    'optimal'
    """
    if not isinstance(problem, Problem):
        raise TypeError(f"solve() takes a models.Problem, got {type(problem).__name__}")
    check_tiers(problem)
    if workers is None:
        workers = DEFAULT_WORKERS if engine == "cp-sat" else 1
    time_limit = _check_arguments(time_limit, workers, seed, engine)
    tier_mode(combine_tiers)  # refuses an unknown way of solving the tiers before any work
    lang = language(lang)
    runner = resolve_executor(executor)
    options = _Options(time_limit, workers, seed, engine, decompose, combine_tiers, lang)
    with interrupts.catching((signal.SIGINT,)) if interrupts.default_sigint() else nullcontext():
        return _solve(problem, runner, options, progress)


@dataclass(frozen=True)
class _Options:
    time_limit: float | None
    workers: int
    seed: int
    engine: str
    decompose: bool
    combine_tiers: bool | str
    lang: str = "en"


def _solve(problem: Problem, runner, options: _Options, progress) -> Plan:
    """``solve`` once its arguments are checked; raises ``models.Interrupted`` when a signal stopped it.

    A signal while the network is built stops at once (nothing to keep); from the search on, with an
    executor that can stop its parts, the search ends with the best it has, reasons are cut short and
    the plan made so far goes with the ``Interrupted``.
    """
    time_limit = options.time_limit
    started = time.perf_counter()
    network = build_network(problem)
    coupled = any(tier in EQUITY_TIERS for tier in problem.settings.objective)
    groups = components(network) if options.decompose and not coupled else _whole(network)
    built = time.perf_counter()
    search = None if time_limit is None else max(
        time_limit - (built - started) - _reserve(time_limit) - _plan_seconds(network), 0.5)
    tasks = _tasks(network, groups, problem.settings.objective, options.engine, search, options.workers,
                   options.seed, runner.parallel, requested=time_limit, combine_tiers=options.combine_tiers)
    log.debug("built the network (%d pairs) and %d components in %.1f s; search budget %s s",
              network.pairs, len(groups), built - started, search)
    with interrupts.graceful() if getattr(runner, "stoppable", False) else nullcontext():
        results = _run(runner, problem, network, tasks, progress, built, None if search is None else built + search)
        solution = merge_results(results, problem.settings.objective)
        log.debug("search done after %.1f s", time.perf_counter() - started)
        deadline = None if time_limit is None else max(started + time_limit - _plan_seconds(network),
                                                       time.perf_counter() + min(0.1 * time_limit, REASONS_SECONDS))
        reasons, core = _explain(network, solution, results, deadline, options.lang)
        log.debug("reasons done after %.1f s", time.perf_counter() - started)
        stats = Stats(
            build_s=round(built - started, 3),
            solve_s=round(time.perf_counter() - built, 3),
            components=len(groups),
            variables=sum(result.variables for result in results),
            engine="+".join(sorted({result.engine for result in results})) or options.engine,
            workers=options.workers,
            seed=options.seed,
            version=version(),
            unjudged=sum(1 for reason in reasons.values() if not_judged(reason)),
        )
        plan = build_plan(network, solution, reasons, stats, core)
    signum = interrupts.requested()
    if signum is not None:
        raise Interrupted(signum, _interrupted(plan))
    return plan


def _interrupted(plan: Plan) -> Plan | None:
    """The plan of a stopped solve, marked so (status ``feasible``), or None when it covers no required need."""
    if plan.status not in ("optimal", "feasible"):
        return None
    return plan.model_copy(update={"status": "feasible", "stats": plan.stats.model_copy(update={"interrupted": True})})


def _explain(network: Network, solution, results: list[ComponentResult],
             deadline: float | None, lang: str) -> tuple[dict[int, Reason], Core | None]:
    """Reasons for the unmet needs, and the core when the day is infeasible, by ``deadline`` if given, their
    sentences in ``lang``."""
    if solution.status != "infeasible":
        return unmet_reasons(network, solution, deadline, lang=lang), None
    stuck = [n for result in results if result.status == "infeasible" for n in result.needs]
    seconds = 10.0 if deadline is None else max(deadline - time.perf_counter(), 0.2)
    core = required_core(network, stuck, seconds=seconds, lang=lang)
    return {n: Reason(code="infeasible", detail=core.detail) for n in range(len(network.problem.needs))}, core


PLAN_SECONDS_PER_RECORD = 5e-6
"""Time kept for making the plan itself, per need, resource and area (a metro day's 284,000 take about 1 s,
``benchmarks/README.md``; kept with room to spare)."""
PART_SECONDS_PER_PAIR = 6e-6
"""What a part takes beyond its time limit per eligible pair: its model, greedy starts and bounds are
built whatever the limit (about 6 s on the metro tier's largest part of 1.5 million pairs, 0.5 s on the
city tier's of 80,000, ``benchmarks/README.md``), so a part's time limit leaves them room."""
REASONS_SECONDS = 0.5
"""When the search ran past its share, reasons still get a tenth of the time limit, up to this: half of the
second a time limit may be passed by (they take 0.05-0.1 s on the city tier)."""


def _plan_seconds(network: Network) -> float:
    """Time kept back at the end of a solve with a time limit for assembling the plan."""
    problem = network.problem
    return 0.05 + PLAN_SECONDS_PER_RECORD * (len(problem.needs) + len(problem.resources) + len(problem.areas))


def _reserve(time_limit: float) -> float:
    """Time kept back from the search for reasons and cores, out of the whole time limit."""
    return min(max(0.1 * time_limit, 0.3), 30.0)


def _whole(network: Network) -> list[np.ndarray]:
    """Every need with a candidate pair, or required, as one group (empty when there is none)."""
    groups = components(network)
    return [np.sort(np.concatenate(groups)) if groups else np.zeros(0, dtype=np.int64)]


BUNDLE_PAIRS = 20_000
"""Components with fewer eligible pairs are solved together, in bundles of about this many pairs:
one model of independent blocks is exact too, and saves a model's set-up per component."""


def _bundles(network: Network, groups: list[np.ndarray]) -> list[tuple[np.ndarray, int]]:
    """Components packed into tasks: large ones alone, small ones together; (needs, pairs) each."""
    sizes = [sum(len(network.need_pairs(int(n))) for n in group) for group in groups]
    bundles: list[tuple[list[np.ndarray], int]] = []
    for group, size in zip(groups, sizes):
        if size < BUNDLE_PAIRS and bundles and bundles[-1][1] + size <= BUNDLE_PAIRS and bundles[-1][1] < BUNDLE_PAIRS:
            bundles[-1][0].append(group)
            bundles[-1] = (bundles[-1][0], bundles[-1][1] + size)
        else:
            bundles.append(([group], size))
    return [(np.sort(np.concatenate(parts)), size) for parts, size in bundles]


def _tasks(network: Network, groups: list[np.ndarray], tiers, engine: str, time_limit: float | None,
           workers: int, seed: int, parallel: int, *, requested: float | None,
           combine_tiers: bool | str = True) -> list[ComponentTask]:
    """One task per bundle of components; a time limit is shared by eligible pairs (at least a second each).

    ``requested`` is the caller's time limit: each task's share of it (``work``), unlike its share of the
    search budget left after the network was built, depends on the day alone, not on the machine or executor.
    """
    bundles = _bundles(network, groups)
    total = sum(max(size, 1) for _, size in bundles) or 1
    tasks = []
    for index, (needs, size) in enumerate(bundles):
        share = None if time_limit is None else min(time_limit, max(time_limit * parallel * max(size, 1) / total, 1.0))
        if share is not None:  # room for what the part builds whatever its limit, but never less than a second
            share = max(share - PART_SECONDS_PER_PAIR * size, min(share, 1.0))
        work = None if requested is None else requested * max(size, 1) / total
        tasks.append(ComponentTask(index, tuple(int(n) for n in needs), tuple(tiers), engine, share, workers, seed,
                                   work, combine_tiers))
    return tasks


def _run(runner, problem: Problem, network: Network, tasks: list[ComponentTask],
         progress: Callable[[ProgressEvent], None] | None, started: float,
         deadline: float | None) -> list[ComponentResult]:
    results: list[ComponentResult] = []
    totals = {"coverage": 0, "bound": 0}

    def report(**part) -> None:
        if progress is not None:
            event = ProgressEvent(len(results), len(tasks), from_hundredths(totals["coverage"]),
                                  from_hundredths(totals["bound"]), time.perf_counter() - started, **part)
            progress(replace(event, stage=describe(event, "en")) if part else event)

    def listen(task: ComponentTask, outcome) -> None:
        settled = {} if outcome is None else {"tier": outcome.name, "proven": outcome.proven,
                                              "value": from_hundredths(outcome.value)}
        report(part=task.index + 1, part_needs=len(task.needs), **settled)

    timed = {"deadline": deadline} if "deadline" in inspect.signature(runner.run).parameters else {}  # own executors
    for result in runner.run(lambda: problem.to_json(indent=None), network, tasks, listen, **timed):
        results.append(result)
        if result.tiers:
            totals["coverage"] += result.tiers[0].value
            totals["bound"] += result.tiers[0].bound
        report()
    return sorted(results, key=lambda result: result.index)
