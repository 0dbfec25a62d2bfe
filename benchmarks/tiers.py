"""The generator tiers: sanhu against greedy, monolithic CP-SAT, monolithic HiGHS and the LP bound.

For every tier and seed the day is generated once (``matching.synthetic.generate.generate_day``),
written to a scratch file, and every method runs on that same file in its own
child process with the same time limit (``benchmarks.runner``). Per run: wall
seconds (network and model build included, the interpreter start and reading
the day not), peak resident memory, status, coverage and its bound and gap,
cost and its bound, and the ratios sanhu / method for wall time and coverage.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.report import (
    command_line,
    machine,
    markdown_table,
    median,
    number,
    say,
    seconds,
    write_json,
)
from benchmarks.runner import overran, run_isolated

__all__ = ["BASELINES", "run_tiers", "tier_tables"]

BASELINES = ("greedy", "cpsat", "highs", "highs-weighted", "lp")
Record = dict[str, Any]
_OK = {"optimal", "feasible", "heuristic"}


def _gap_pct(value: float | None, bound: float | None) -> float | None:
    """Relative coverage gap in %, (bound − value) / bound."""
    if value is None or bound is None or bound <= 0:
        return None
    return 100 * (bound - value) / bound


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def _annotate(runs: dict[str, Record], time_limit: float) -> None:
    """Gaps, the day's best bound, and the ratios sanhu / method, added to each run."""
    bounds = [run["coverage_bound"] for run in runs.values()
              if run.get("coverage_bound") is not None and run.get("status") in ("optimal", "feasible")]
    best = min(bounds) if bounds else None
    sanhu = runs.get("sanhu", {})
    for name, run in runs.items():
        run["overran"] = overran(run.get("wall_s"), time_limit)
        run["coverage_gap_pct"] = _gap_pct(run.get("coverage"), run.get("coverage_bound"))
        run["best_bound_gap_pct"] = _gap_pct(run.get("coverage"), best)
        if name == "sanhu":
            continue
        run["wall_ratio"] = _ratio(sanhu.get("wall_s"), run.get("wall_s"))
        reference = run.get("coverage") if name != "lp" else run.get("coverage_bound")
        run["coverage_ratio"] = _ratio(sanhu.get("coverage"), reference)


def _day_file(tier: str, seed: int, folder: Path) -> tuple[Path, Record]:
    import json

    from matching.synthetic.generate import generate_day

    day = generate_day(tier, seed)
    path = folder / f"{tier}-{seed}.json"
    path.write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    size = {"needs": len(day["needs"]), "resources": len(day["resources"]), "areas": len(day["areas"]),
            "units": len(day.get("units", ())), "megabytes": round(path.stat().st_size / 2**20, 1)}
    return path, size


def _describe(run: Record) -> str:
    parts = [run.get("status", "?")]
    if run.get("wall_s") is not None:
        parts.append(f"{run['wall_s']:.1f} s")
    if run.get("peak_mib") is not None:
        parts.append(f"{run['peak_mib']:.0f} MiB")
    if run.get("coverage") is not None:
        parts.append(f"coverage {run['coverage']:g}")
    if run.get("coverage_bound") is not None:
        parts.append(f"bound {run['coverage_bound']:g}")
    if run.get("error"):
        parts.append(str(run["error"]).splitlines()[0][:200])
    return ", ".join(parts)


def run_tiers(tiers: Sequence[str], seeds: Sequence[int], time_limit: float, baselines: Sequence[str], *,
              out: str | None = None, kill_after: float | None = None, max_memory_mib: float) -> Record:
    """Run every method on every (tier, seed) day; return (and write to ``out``) every number."""
    methods = ["sanhu", *[b for b in baselines if b != "sanhu"]]
    kill_after = kill_after or 3 * time_limit + 60
    results: Record = {"benchmark": "tiers", "command": command_line(), "machine": machine(),
                       "time_limit": time_limit, "kill_after": kill_after, "max_memory_mib": round(max_memory_mib),
                       "methods": methods, "days": [], "medians": {}}
    total, done = len(tiers) * len(seeds) * len(methods), 0
    with tempfile.TemporaryDirectory(prefix="sanhu-bench-") as scratch:
        folder = Path(scratch)
        for tier in tiers:
            for seed in seeds:
                say(f"generating {tier} seed {seed} ...")
                path, size = _day_file(tier, seed, folder)
                say(f"  {size['needs']} needs, {size['resources']} resources, {size['megabytes']} MB of JSON")
                day: Record = {"tier": tier, "seed": seed, **size, "runs": {}}
                results["days"].append(day)
                for method in methods:
                    done += 1
                    say(f"[{done}/{total}] {tier} seed {seed}: {method} (time limit {time_limit:g} s) ...")
                    job = {"method": method, "time_limit": time_limit, "day": str(path)}
                    run = run_isolated(job, folder, kill_after=kill_after, max_memory_mib=max_memory_mib)
                    day["runs"][method] = run
                    _annotate(day["runs"], time_limit)
                    say(f"    {_describe(run)}")
                    if out:
                        write_json(out, results)
                path.unlink(missing_ok=True)
            results["medians"][tier] = _medians(results["days"], tier, methods)
            if out:
                write_json(out, results)
    return results


_MEDIAN_FIELDS = ("wall_s", "peak_mib", "coverage", "coverage_bound", "coverage_gap_pct", "best_bound_gap_pct",
                  "cost", "cost_bound", "wall_ratio", "coverage_ratio")


def _medians(days: list[Record], tier: str, methods: Sequence[str]) -> Record:
    table: Record = {}
    for method in methods:
        runs = [day["runs"][method] for day in days if day["tier"] == tier and method in day["runs"]]
        statuses: dict[str, int] = {}
        for run in runs:
            statuses[run.get("status", "?")] = statuses.get(run.get("status", "?"), 0) + 1
        table[method] = {"runs": len(runs), "statuses": statuses,
                         **{field: median(run.get(field) for run in runs) for field in _MEDIAN_FIELDS}}
    return table


def _status_cell(run: Record, limit: float) -> str:
    status = run.get("status", "?")
    return f"{status}, over limit by {run['wall_s'] - limit:.0f} s" if overran(run.get("wall_s"), limit) else status


def _day_rows(day: Record, limit: float) -> list[list[str]]:
    rows = []
    for method, run in day["runs"].items():
        rows.append([
            str(day["seed"]), method, _status_cell(run, limit), seconds(run.get("wall_s")),
            number(run.get("peak_mib"), 0),
            number(run.get("coverage")), number(run.get("coverage_bound")), number(run.get("coverage_gap_pct")),
            number(run.get("best_bound_gap_pct")), number(run.get("cost")), number(run.get("cost_bound")),
            number(run.get("wall_ratio")), number(run.get("coverage_ratio"), 3), number(run.get("load_1min"), 1),
        ])
    return rows


_DAY_HEADER = ("seed", "run", "status", "wall s", "peak MiB", "coverage", "cov. bound", "gap %", "gap to best bound %",
               "cost", "cost bound", "wall sanhu/run", "coverage sanhu/run", "load")
_MEDIAN_HEADER = ("run", "runs (status)", "wall s", "peak MiB", "coverage", "cov. bound", "gap %",
                  "gap to best bound %", "cost", "wall sanhu/run", "coverage sanhu/run")


def tier_tables(results: Record) -> str:
    """Markdown: one table of runs per tier, then the medians over seeds."""
    out = []
    for tier in dict.fromkeys(day["tier"] for day in results["days"]):
        days = [day for day in results["days"] if day["tier"] == tier]
        first = days[0]
        out.append(f"### {tier}: {first['needs']:,} needs, {first['resources']:,} resources, "
                   f"time limit {results['time_limit']:g} s\n")
        rows = [row for day in days for row in _day_rows(day, results["time_limit"])]
        out.append(markdown_table(_DAY_HEADER, rows, "lll" + "r" * 11))
        medians = results["medians"].get(tier)
        if medians:
            out.append(f"\nMedians over {len(days)} seed(s):\n")
            rows = [[method, f"{m['runs']} ({', '.join(f'{k} {v}' for k, v in m['statuses'].items())})",
                     seconds(m["wall_s"]), number(m["peak_mib"], 0), number(m["coverage"]),
                     number(m["coverage_bound"]), number(m["coverage_gap_pct"]), number(m["best_bound_gap_pct"]),
                     number(m["cost"]), number(m["wall_ratio"]), number(m["coverage_ratio"], 3)]
                    for method, m in medians.items()]
            out.append(markdown_table(_MEDIAN_HEADER, rows, "ll" + "r" * 9))
        out.append("")
    return "\n".join(out)
