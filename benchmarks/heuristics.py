"""``python -m benchmarks heuristics``: HiGHS on the models of a day's parts with and without its feasibility jump
and root reduced-cost heuristics, which ``MipEngine`` leaves out on models under ``LEAN_BELOW`` variables.

For every family day asked for, each part with at least ``--min-variables`` variables (built as ``benchmarks.race``
builds them, with the start its solve gives the engines) is solved by HiGHS with the one objective, one thread,
once per setting: ``on`` (both heuristics run, HiGHS's own default), ``off`` (neither), ``no-jump`` and
``no-reduced-cost`` (one of them left out). The setting is applied to the engine after ``MipEngine`` has built
it, so the table does not depend on ``LEAN_BELOW``. A run that proves in under ``QUICK`` seconds is repeated
``--repeats`` times and the best kept (``time.perf_counter``, model building included). The ratio is each
setting's time over ``on``'s; a search that does not prove within the time limit is reported with its status.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from benchmarks.race import TIERS, _part_models
from benchmarks.report import (
    command_line,
    machine,
    markdown_table,
    number,
    say,
    write_json,
)

__all__ = ["SETTINGS", "heuristics_table", "run_heuristics"]

Record = dict[str, Any]
_JUMP, _REDUCED_COST = "mip_heuristic_run_feasibility_jump", "mip_heuristic_run_root_reduced_cost"
SETTINGS = {"on": {_JUMP: True, _REDUCED_COST: True}, "off": {_JUMP: False, _REDUCED_COST: False},
            "no-jump": {_JUMP: False, _REDUCED_COST: True}, "no-reduced-cost": {_JUMP: True, _REDUCED_COST: False}}
QUICK = 0.5
"""Seconds under which a run is repeated: below it timer and cache noise is as large as the differences."""


def run_heuristics(days: Sequence[tuple[str, int, int]], *, repeats: int, min_variables: int, time_limit: float,
                   out: str | None = None) -> Record:
    """Time HiGHS under every setting on the part models of ``days``."""
    from matching.search.tiers import solve_tiers

    results: Record = {"benchmark": "heuristics", "command": command_line(), "machine": machine(),
                       "repeats": repeats, "time_limit": time_limit, "parts": []}
    for family, size, seed in days:
        for index, (model, start) in enumerate(_part_models(family, size, seed, min_variables)):
            part: Record = {"family": family, "needs": size, "seed": seed, "part": index,
                            "variables": model.variables, "runs": {}}
            for name, options in SETTINGS.items():

                def configured(engine, options=options) -> None:
                    for option, value in options.items():
                        engine.highs.setOptionValue(option, value)

                times = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    solution = solve_tiers(model, TIERS, engine="highs", time_limit=time_limit, workers=1, seed=0,
                                           hint=start.values, hint_feasible=start.covers_required,
                                           known_bound=start.bound, on_engine=configured)
                    times.append(time.perf_counter() - started)
                    if times[-1] >= QUICK:
                        break
                part["runs"][name] = {"wall_s": min(times), "status": solution.status,
                                      "values": [outcome.value for outcome in solution.tiers]}
            _annotate(part)
            results["parts"].append(part)
            say(f"{family}-{size} s{seed} part {index} ({model.variables} variables): "
                + ", ".join(f"{name} {number(run['ratio'])}" for name, run in part["runs"].items()))
            if out:
                write_json(out, results)
    return results


def _annotate(part: Record) -> None:
    base = part["runs"]["on"]
    for run in part["runs"].values():
        both_proven = run["status"] == base["status"] == "optimal"
        run["ratio"] = round(run["wall_s"] / base["wall_s"], 2) if both_proven else None


def heuristics_table(results: Record) -> str:
    """Markdown: one row per part, HiGHS's time under each setting and its ratio to ``on``."""
    names = list(SETTINGS)
    header = ["family", "needs", "seed", "variables", *names, *[f"{name} / on" for name in names[1:]]]

    def cell(run: Record) -> str:
        return f"{run['wall_s'] * 1000:.1f} ms" if run["status"] == "optimal" else run["status"]

    rows = [[part["family"], part["needs"], part["seed"], part["variables"],
             *[cell(part["runs"][name]) for name in names], *[number(part["runs"][name]["ratio"]) for name in names[1:]]]
            for part in results["parts"]]
    return markdown_table(header, rows, "lrrr" + "r" * (len(header) - 4)) + "\n"
