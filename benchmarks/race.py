"""``python -m benchmarks race``: the race of ``engine="auto"`` on the models of a day's parts, against each
engine alone, at several delays before the second lane starts.

For every family day asked for (``benchmarks.families``), the day's network is built and split into parts as
``solve`` splits it (components, small ones bundled together); each part with at least ``--min-variables``
variables becomes the model and start its solve gives the engines (``build_formulation`` and ``warm_start``,
as ``matching.parts.tasks.run_task`` does). On each model, in this
process and one after another: HiGHS alone and SCIP alone (one objective, one thread, from the start, as in
the race's lanes), and ``race`` with the default lanes at each ``--delays`` value, each the best of
``--repeats`` wall times (``time.perf_counter``; the losers of a race are waited for between runs, outside the
clock). The ratio is the race's time over the faster engine's. Model building is not timed: this isolates what
racing costs, which ``python -m benchmarks families`` measures inside whole solves.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.report import command_line, machine, markdown_table, number, say, seconds, write_json

__all__ = ["run_race", "race_table"]

Record = dict[str, Any]
TIERS = ("coverage", "cost")


def _best(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    from matching.search import portfolio

    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
        portfolio.settle()
    return min(times), result


def _part_models(family: str, size: int, seed: int, min_variables: int):
    """(model, start) of every part of the family day with at least ``min_variables`` variables."""
    from benchmarks.families import family_day
    from matching import build_network
    from matching.model.formulation import build_formulation
    from matching.network.components import components
    from matching.search.warmstart import warm_start
    from matching.solve import _bundles
    from models import Problem

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        problem = Problem.from_data(family_day(family, size, seed))
    network = build_network(problem)
    for needs, _ in _bundles(network, components(network)):
        model = build_formulation(network, needs=tuple(int(n) for n in needs), tiers=TIERS)
        if model.variables >= min_variables:
            yield model, warm_start(network, model, [int(n) for n in needs], lp_seconds=None)


def run_race(days: Sequence[tuple[str, int, int]], delays: Sequence[float], *, repeats: int, min_variables: int,
             time_limit: float, out: str | None = None) -> Record:
    """Time each engine alone and the race at every delay on the part models of ``days``."""
    from matching.search.portfolio import race
    from matching.search.tiers import solve_tiers

    results: Record = {"benchmark": "race", "command": command_line(), "machine": machine(), "delays": list(delays),
                       "repeats": repeats, "time_limit": time_limit, "parts": []}
    for family, size, seed in days:
        for index, (model, start) in enumerate(_part_models(family, size, seed, min_variables)):
            given = {"seed": 0, "hint": start.values, "hint_feasible": start.covers_required,
                     "known_bound": start.bound}
            part: Record = {"family": family, "needs": size, "seed": seed, "part": index,
                            "variables": model.variables, "alone": {}, "race": {}}
            for engine in ("highs", "scip"):
                wall, solution = _best(lambda: solve_tiers(model, TIERS, engine=engine, time_limit=time_limit,
                                                           workers=1, **given), repeats)
                part["alone"][engine] = {"wall_s": wall, "status": solution.status}
            for delay in delays:
                wall, (solution, strategy) = _best(lambda: race(model, TIERS, time_limit=time_limit, delay=delay,
                                                                **given), repeats)
                part["race"][str(delay)] = {"wall_s": wall, "status": solution.status, "winner": strategy.name}
            _annotate(part)
            results["parts"].append(part)
            say(f"{family}-{size} s{seed} part {index} ({model.variables} variables): "
                + ", ".join(f"{delay:g} s → {part['race'][str(delay)]['ratio'] or '–'}" for delay in delays))
            if out:
                write_json(out, results)
    return results


def _annotate(part: Record) -> None:
    proofs = [run["wall_s"] for run in part["alone"].values() if run["status"] == "optimal"]
    fastest = min(proofs) if proofs else None
    for run in part["race"].values():
        proven = run["status"] == "optimal" and fastest
        run["ratio"] = round(run["wall_s"] / fastest, 2) if proven else None


def race_table(results: Record) -> str:
    """Markdown: one row per part, the engines alone, the race at each delay and its ratio to the faster."""
    delays = results["delays"]
    header = ["family", "needs", "seed", "variables", "highs", "scip",
              *[f"race {delay:g} s" for delay in delays], *[f"ratio {delay:g} s" for delay in delays]]
    rows, worst = [], {str(delay): 0.0 for delay in delays}

    def cell(run: Record) -> str:
        return seconds(run["wall_s"]) if run["status"] == "optimal" else run["status"]

    for part in results["parts"]:
        races = [part["race"][str(delay)] for delay in delays]
        rows.append([part["family"], part["needs"], part["seed"], part["variables"],
                     cell(part["alone"]["highs"]), cell(part["alone"]["scip"]),
                     *[cell(run) for run in races], *[number(run["ratio"]) for run in races]])
        for delay, run in zip(delays, races):
            if run["ratio"] is not None:
                worst[str(delay)] = max(worst[str(delay)], run["ratio"])
    summary = "; ".join(f"{delay:g} s: {worst[str(delay)]:.2f}" if worst[str(delay)] else f"{delay:g} s: none proven"
                        for delay in delays)
    return markdown_table(header, rows, "lrrr" + "r" * (len(header) - 4)) + f"\n\nWorst race / faster engine: {summary}.\n"
