"""``python -m benchmarks dask``: one generated day solved in this process and on a Dask ``LocalCluster``.

Both solves get the same time limit and seed; the check is whether the two plans are the same
(every assignment, every need's outcome) and what the cluster costs in wall time. The cluster's
workers rebuild the network from the day's JSON, so their wall time includes that.
"""

from __future__ import annotations

import time
from typing import Any

from models import Plan, Problem

__all__ = ["solve_both", "run_dask_check", "dask_table"]

Record = dict[str, Any]


def _key(plan: Plan) -> tuple[set[tuple[str, int, str]], set[tuple[str, bool]]]:
    return ({(a.need, a.requirement, a.resource) for a in plan.assignments},
            {(n.id, n.covered) for n in plan.needs})


def _row(name: str, plan: Plan, seconds: float) -> Record:
    coverage, cost = plan.objective["coverage"], plan.objective.get("cost")
    return {"run": name, "status": plan.status, "wall_s": round(seconds, 2), "coverage": coverage.value,
            "bound": coverage.bound, "gap_pct": round(100 * coverage.gap, 4),
            "cost": None if cost is None else cost.value, "assignments": len(plan.assignments)}


def solve_both(problem: Problem, time_limit: float, seed: int, workers: int = 2) -> tuple[Plan, float, Plan, float]:
    """The plan and wall seconds in this process, then on a ``workers``-process LocalCluster."""
    from distributed import Client, LocalCluster

    from matching import solve

    started = time.perf_counter()
    local = solve(problem, time_limit=time_limit, seed=seed)
    local_s = time.perf_counter() - started
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        started = time.perf_counter()
        remote = solve(problem, time_limit=time_limit, seed=seed, executor=client)
        remote_s = time.perf_counter() - started
    return local, local_s, remote, remote_s


def run_dask_check(tier: str, seed: int, time_limit: float, workers: int = 2) -> Record:
    """Solve ``generate_day(tier, seed)`` in process and on a ``workers``-process LocalCluster."""
    from matching.synthetic.generate import generate_day

    problem = Problem.from_data(generate_day(tier, seed))
    local, local_s, remote, remote_s = solve_both(problem, time_limit, seed, workers)
    (local_pairs, local_needs), (remote_pairs, remote_needs) = _key(local), _key(remote)
    return {
        "benchmark": "dask", "tier": tier, "seed": seed, "time_limit": time_limit, "workers": workers,
        "runs": [_row("in-process", local, local_s), _row(f"LocalCluster ({workers} workers)", remote, remote_s)],
        "same_plan": local_pairs == remote_pairs and local_needs == remote_needs,
        "differing_assignments": len(local_pairs ^ remote_pairs),
        "differing_needs": len(local_needs ^ remote_needs),
    }


def dask_table(result: Record) -> str:
    """The check as Markdown."""
    lines = [f"### {result['tier']} seed {result['seed']}, time limit {result['time_limit']:g} s", "",
             "| run | status | wall s | coverage | cov. bound | gap % | cost | assignments |",
             "| :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for run in result["runs"]:
        lines.append(f"| {run['run']} | {run['status']} | {run['wall_s']:.2f} | {run['coverage']:,.2f} | "
                     f"{run['bound']:,.2f} | {run['gap_pct']:.4f} | {run['cost']:,.2f} | {run['assignments']:,} |")
    same = "yes" if result["same_plan"] else (f"no ({result['differing_assignments']} assignments and "
                                              f"{result['differing_needs']} need outcomes differ)")
    lines += ["", f"Same plan: **{same}**."]
    return "\n".join(lines)
