"""One timed run, inside its own process: ``python -m benchmarks.child JOB.json RESULT.json``.

The job names a method, a time limit and where the day comes from (a day JSON
file, or a GAP instance file turned into a day by ``benchmarks.gap.gap_day``).
The result (plain JSON) holds the run's numbers in planner units; the parent
adds what only it can see (the process's wall time and peak memory from
``wait4``, or that the process crashed or was stopped).

Methods (every one builds its own network from the validated day, inside the timed part):

``sanhu``   ``matching.solve(problem, time_limit=T)``: engine auto, decomposition on, in-process.
``cpsat``   ``solve(problem, engine="cp-sat", decompose=False, combine_tiers=False, workers=os.cpu_count(),
            time_limit=T)``: one CP-SAT model, the tiers one after the other.
``highs``   ``solve(problem, engine="highs", decompose=False, combine_tiers=False, time_limit=T)``: one HiGHS
            model, the tiers one after the other.
``highs-weighted``  ``solve(problem, engine="highs", decompose=False, time_limit=T)``: one HiGHS model with
            sanhu's single objective coverage · M − cost (what the objective alone buys).
``greedy``  ``matching.search.greedy.greedy(build_network(problem))`` (heaviest first, cheapest eligible).
``lp``      the LP relaxation of the coverage tier on the whole day (HiGHS, ``relaxed=True``): a bound.
``engine-cp-sat-1``, ``engine-cp-sat-all``, ``engine-scip``, ``engine-highs``  ``solve(problem, engine=E,
            time_limit=T)`` with one exact engine for every part (CP-SAT with one worker or with every core),
            decomposition and starts as in ``sanhu``; ``engine-scip-tiers`` and ``engine-highs-tiers`` solve
            coverage and cost one after the other (``combine_tiers=False``).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["METHODS", "run_job", "main"]

Record = dict[str, Any]


def _peak_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _plan_record(plan, last_progress: list) -> Record:
    """The numbers of a ``models.Plan`` this benchmark reports."""
    coverage = plan.objective.get("coverage")
    cost = plan.objective.get("cost")
    record: Record = {
        "status": plan.status,
        "coverage": None if coverage is None else coverage.value,
        "coverage_bound": None if coverage is None else coverage.bound,
        "coverage_proven": None if coverage is None else coverage.proven,
        "cost": None if cost is None else cost.value,
        "cost_bound": None if cost is None else cost.bound,
        "cost_proven": None if cost is None else cost.proven,
        "covered_needs": sum(1 for need in plan.needs if need.covered),
        "unmet": dict(plan.unmet_by_reason()),
        "engine": plan.stats.engine,
        "components": plan.stats.components,
        "variables": plan.stats.variables,
        "workers": plan.stats.workers,
        "build_s": plan.stats.build_s,
        "solve_s": plan.stats.solve_s,
    }
    if last_progress:  # seconds after the build until the last component finished
        record["search_s"] = round(last_progress[-1].seconds, 3)
    return record


def _solve_with(**options: Any) -> Callable[[Any, float], Record]:
    def run(problem, time_limit: float) -> Record:
        from matching import solve

        events: list = []
        plan = solve(problem, time_limit=time_limit, progress=events.append, **options)
        return _plan_record(plan, events)

    return run


def _greedy(problem, time_limit: float) -> Record:
    from matching.network.pairs import build_network
    from matching.search.greedy import greedy

    network = build_network(problem)
    chosen, covered = greedy(network)
    return {
        "status": "heuristic",
        "coverage": float(network.weight[covered].sum()) / 100,
        "cost": float(network.pair_cost[chosen].sum()) / 100,
        "covered_needs": len(covered),
        "pairs": int(network.pairs),
    }


def _lp(problem, time_limit: float) -> Record:
    from matching.model.formulation import build_formulation
    from matching.network.pairs import build_network
    from matching.search.engines.mip import MipEngine

    network = build_network(problem)
    model = build_formulation(network)
    objective, sense = model.objective("coverage")
    built = time.perf_counter()
    result = MipEngine(model, seed=0, relaxed=True).optimize(objective, sense, time_limit=time_limit)
    return {
        "status": result.status,
        "coverage_bound": None if result.bound is None else result.bound / 100,
        "variables": model.variables,
        "rows": model.rows,
        "lp_s": round(time.perf_counter() - built, 3),
    }


METHODS: dict[str, Callable[[Any, float], Record]] = {
    "sanhu": _solve_with(),
    "cpsat": _solve_with(engine="cp-sat", decompose=False, combine_tiers=False, workers=os.cpu_count() or 1),
    "highs": _solve_with(engine="highs", decompose=False, combine_tiers=False),
    "highs-weighted": _solve_with(engine="highs", decompose=False),
    "greedy": _greedy,
    "lp": _lp,
    "engine-cp-sat-1": _solve_with(engine="cp-sat", workers=1),
    "engine-cp-sat-all": _solve_with(engine="cp-sat", workers=os.cpu_count() or 1),
    "engine-scip": _solve_with(engine="scip"),
    "engine-highs": _solve_with(engine="highs"),
    "engine-scip-tiers": _solve_with(engine="scip", combine_tiers=False),
    "engine-highs-tiers": _solve_with(engine="highs", combine_tiers=False),
}


def _load(job: Record):
    """The validated ``models.Problem`` of a job (warnings about unused skills are not the point here)."""
    from models import Problem

    if "gap" in job:
        from benchmarks.gap import gap_day

        data = gap_day(job["gap"])
    else:
        data = json.loads(Path(job["day"]).read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Problem.from_data(data)


def _import_everything() -> None:
    """Import the solver stack before the clock starts: a run times the work, not Python's imports."""
    import matching.model.formulation  # noqa: F401
    import matching.search.engines.cpsat  # noqa: F401
    import matching.search.engines.mip  # noqa: F401
    import matching.search.engines.scip  # noqa: F401
    import matching.search.greedy  # noqa: F401
    import matching.solve  # noqa: F401


def run_job(job: Record) -> Record:
    """Load the day, then time the method on it (the model build included)."""
    from benchmarks.gap import GapInstanceError

    _import_everything()
    started = time.perf_counter()
    try:
        problem = _load(job)
    except GapInstanceError as error:
        return {"status": "unsupported", "error": str(error)}
    loaded = time.perf_counter()
    rss_loaded = _peak_mib()
    record = METHODS[job["method"]](problem, float(job["time_limit"]))
    finished = time.perf_counter()
    record.update(load_s=round(loaded - started, 3), wall_s=round(finished - loaded, 4),
                  load_peak_mib=round(rss_loaded, 1), self_peak_mib=round(_peak_mib(), 1))
    return record


def main(argv: list[str] | None = None) -> int:
    job_path, result_path = (argv if argv is not None else sys.argv[1:])[:2]
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    try:
        record = run_job(job)
    except Exception as error:  # a crash is a result too: the parent records it
        record = {"status": "crashed", "error": f"{type(error).__name__}: {error}",
                  "traceback": traceback.format_exc(limit=8)}
    temporary = Path(f"{result_path}.tmp")
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, result_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
