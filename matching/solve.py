"""``solve``: a day in, an optimal, explained plan out.

The data walks ``models.Problem`` → ``network`` (eligible pairs) → ``formulation``
(CP-SAT model) → ``tiers`` (lexicographic solve) → ``plan`` (assembly) with
``reasons`` for every unmet need.
"""

from __future__ import annotations

import time
from importlib import metadata

from matching.core import required_core
from matching.formulation import build_formulation
from matching.network import Network, build_network
from matching.plan import build_plan
from matching.reasons import unmet_reasons
from matching.tiers import DEFAULT_WORKERS, solve_tiers
from models import InvalidProblem, Issue, Plan, Problem, Reason, Stats

__all__ = ["solve", "SUPPORTED_TIERS"]

SUPPORTED_TIERS = ("coverage", "cost")


def _version() -> str:
    try:
        return metadata.version("sanhu")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def _check_tiers(problem: Problem) -> None:
    issues = [
        Issue(f"settings.objective[{i}]", f"tier {name!r} is not supported by sanhu {_version()} "
              f"(supported: {', '.join(SUPPORTED_TIERS)})")
        for i, name in enumerate(problem.settings.objective) if name not in SUPPORTED_TIERS
    ]
    if issues:
        raise InvalidProblem(issues)


def solve(
    problem: Problem,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int = 0,
) -> Plan:
    """Plan a day: cover as much weight as possible, then as cheaply as possible.

    Parameters
    ----------
    problem : models.Problem
        The validated day. It is not modified.
    time_limit : float, optional
        Wall-clock seconds for the whole solve (default: until proven optimal).
    workers : int, optional
        CP-SAT search workers (default 8, a portfolio that pays off even on 2 cores).
    seed : int
        Random seed; the same day and seed give the same plan.

    Returns
    -------
    models.Plan
        Always a plan: ``status`` is ``optimal``, ``feasible`` (time ran out),
        ``infeasible`` (required needs cannot all be covered; ``plan.core`` says
        which) or ``unknown`` (time ran out before any plan).

    Examples
    --------
    >>> from matching import solve
    >>> from matching.examples import example_day
    >>> plan = solve(example_day())
    >>> plan.status
    'optimal'
    """
    if not isinstance(problem, Problem):
        raise TypeError(f"solve() takes a models.Problem, got {type(problem).__name__}")
    _check_tiers(problem)
    workers = DEFAULT_WORKERS if workers is None else workers
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    started = time.perf_counter()
    network = build_network(problem)
    form = build_formulation(network)
    built = time.perf_counter()
    solution = solve_tiers(form, problem.settings.objective, time_limit=time_limit, workers=workers, seed=seed)
    core = None
    if solution.status == "infeasible":
        core = required_core(network)
        reasons = _everyone(network, Reason(code="infeasible", detail=core.detail))
    elif solution.status == "unknown":
        reasons = _everyone(network, Reason(
            code="unproven", detail="The time limit ended before any plan covering the required needs was found."))
    else:
        reasons = unmet_reasons(network, solution)
    stats = Stats(
        build_s=round(built - started, 3),
        solve_s=round(time.perf_counter() - built, 3),
        components=1,
        variables=form.variables,
        engine="cp-sat",
        workers=workers,
        seed=seed,
        version=_version(),
    )
    return build_plan(network, solution, reasons, stats, core)


def _everyone(network: Network, reason: Reason) -> dict[int, Reason]:
    return {need: reason for need in range(len(network.problem.needs))}

