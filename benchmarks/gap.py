"""The generalized assignment problem (OR-Library format) as a sanhu day, and its benchmark.

An instance file holds, whitespace separated, ``m n``, then ``m`` rows of ``n``
costs ``c[i][j]``, ``m`` rows of ``n`` amounts ``a[i][j]`` and ``m`` capacities
``b[i]`` (agent ``i``, job ``j``). Every job goes to exactly one agent, each
agent's summed amounts stay within its capacity, and the total cost is
minimised. As a day: one root area; each job a required need of weight 1
asking one ``job`` slot; each agent a ``count`` resource with capacity ``b[i]``;
one arc per (job, agent) with amount ``a[i][j]`` and cost ``c[i][j]``. The
coverage tier is then fixed (every job is required) and the cost tier is the
GAP objective.

The benchmark compares sanhu's cost and bound with ``data.csv``'s best known
values (all for minimisation).
"""

from __future__ import annotations

import csv
import fnmatch
import re
import statistics
import tempfile
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from benchmarks.report import (
    command_line,
    machine,
    markdown_table,
    number,
    say,
    seconds,
    write_json,
)
from benchmarks.runner import overran, run_isolated

__all__ = ["GapInstanceError", "read_instance", "gap_day", "read_catalogue", "select", "DEFAULT_SELECTION",
           "instance_type", "run_gap", "gap_tables"]

Record = dict[str, Any]

DEFAULT_SELECTION = (
    "cattrysse1994/*",
    "chu1997/c*", "chu1997/d*", "chu1997/e*",
    "yagiura2004/c10400", "yagiura2004/d10400", "yagiura2004/e10400",
    "yagiura2004/c20400", "yagiura2004/d20400", "yagiura2004/e20400",
)
"""All of Cattrysse's gap1–12, Chu & Beasley's types C, D (and E if present), a few Yagiura ones."""

_HUNDRED = Decimal(100)
_MAX_QUANTITY = Decimal("1e9")  # models.types.MAX_QUANTITY: the largest quantity a day may state


class GapInstanceError(ValueError):
    """An instance file sanhu cannot state exactly (bad format, values not exact to 0.01, capacities)."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path, self.problems = str(path), problems
        shown = "; ".join(problems[:8]) + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
        super().__init__(f"{path}: {shown}")


def _numbers(path: Path) -> list[Decimal]:
    try:
        tokens = path.read_text(encoding="utf-8").split()
    except OSError as error:
        raise GapInstanceError(path, [f"cannot read: {error.strerror or error}"]) from None
    try:
        return [Decimal(token) for token in tokens]
    except InvalidOperation:
        bad = next(t for t in tokens if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", t))
        raise GapInstanceError(path, [f"not a number: {bad!r}"]) from None


def read_instance(path: str | Path) -> tuple[list[list[Decimal]], list[list[Decimal]], list[Decimal]]:
    """``(costs, amounts, capacities)`` of an instance file, ``costs[i][j]`` for agent ``i``, job ``j``."""
    path = Path(path)
    values = _numbers(path)
    if len(values) < 2 or any(v != v.to_integral_value() or v < 1 for v in values[:2]):
        raise GapInstanceError(path, ["must start with the positive integers m (agents) and n (jobs)"])
    m, n = int(values[0]), int(values[1])
    expected = 2 + 2 * m * n + m
    if len(values) != expected:
        raise GapInstanceError(path, [f"{m} agents and {n} jobs need {expected} numbers, the file has {len(values)}"])
    rows = [values[2 + i * n: 2 + (i + 1) * n] for i in range(2 * m)]
    return rows[:m], rows[m:], values[2 + 2 * m * n:]


def _check(costs, amounts, capacities) -> list[str]:
    """Every value sanhu could not state exactly, and jobs that fit no agent."""
    problems = []

    def exact(value: Decimal, where: str, positive: bool) -> None:
        if (value * _HUNDRED) != (value * _HUNDRED).to_integral_value():
            problems.append(f"{where} = {value} is not exact to 0.01")
        if value < 0 or (positive and value == 0):
            problems.append(f"{where} = {value} must be {'positive' if positive else 'non-negative'}")
        if value > _MAX_QUANTITY:
            problems.append(f"{where} = {value} is above sanhu's largest quantity {_MAX_QUANTITY}")

    for i, (cost_row, amount_row) in enumerate(zip(costs, amounts, strict=True)):
        for j, (cost, amount) in enumerate(zip(cost_row, amount_row, strict=True)):
            exact(cost, f"c[{i}][{j}]", positive=False)
            exact(amount, f"a[{i}][{j}]", positive=True)
        exact(capacities[i], f"b[{i}]", positive=True)
    for j in range(len(costs[0])):
        if all(amounts[i][j] > capacities[i] for i in range(len(costs))):
            problems.append(f"job {j} fits no agent's capacity (smallest amount "
                            f"{min(amounts[i][j] for i in range(len(costs)))})")
    if sum(min(row[j] for row in amounts) for j in range(len(costs[0]))) > sum(capacities):
        problems.append("the jobs' smallest amounts add up to more than all capacities together")
    return problems


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def gap_day(path: str | Path) -> Record:
    """A sanhu day (a dict in the day-file format) stating the GAP instance at ``path``.

    Raises
    ------
    GapInstanceError
        When the file is malformed, a value is not exact to 0.01 (sanhu rounds
        to 0.01, which would change the instance), or capacities cannot fit the
        jobs; every problem found is listed.
    """
    costs, amounts, capacities = read_instance(path)
    problems = _check(costs, amounts, capacities)
    if problems:
        raise GapInstanceError(path, problems)
    m, n = len(costs), len(costs[0])
    return {
        "areas": [{"id": "root", "name": f"GAP {Path(path).name}", "level": "city"}],
        "resources": [{"id": f"agent-{i}", "name": f"agent {i}", "area": "root", "skills": ["job"],
                       "measure": "count", "capacity": _plain(capacities[i])} for i in range(m)],
        "needs": [{"id": f"job-{j}", "title": f"job {j}", "area": "root", "required": True, "weight": 1,
                   "requires": [{"skill": "job", "amount": 1}]} for j in range(n)],
        "arcs": [{"need": f"job-{j}", "resource": f"agent-{i}", "amount": _plain(amounts[i][j]),
                  "cost": _plain(costs[i][j])} for j in range(n) for i in range(m)],
    }


def read_catalogue(data_dir: str | Path) -> dict[str, Record]:
    """``data.csv``: per instance path, its size and best known bound, optimum and value (minimisation)."""
    def value(row: dict[str, str], column: str) -> float | None:
        cell = (row.get(column) or "").strip()
        return float(cell) if cell else None

    catalogue = {}
    with (Path(data_dir) / "data.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            catalogue[row["Path"]] = {"instance": row["Path"], "dataset": row.get("Dataset", ""),
                                      "jobs": int(row["Item number"]), "agents": int(row["Agent number"]),
                                      "best_bound": value(row, "Best known bound"), "optimum": value(row, "Optimum"),
                                      "best_known": value(row, "Best known solution value")}
    return catalogue


def select(catalogue: dict[str, Record], patterns: Sequence[str]) -> list[str]:
    """Instances matching any pattern (``fnmatch``, e.g. ``chu1997/d*``), in catalogue order."""
    return [name for name in catalogue if any(fnmatch.fnmatchcase(name, p) for p in patterns)]


def instance_type(name: str) -> str:
    """The type a summary groups by: ``cattrysse1994`` (gap1–12), or e.g. ``chu1997 C``, ``yagiura2004 D``."""
    dataset, _, instance = name.partition("/")
    if dataset == "cattrysse1994" or not instance[:1].isalpha():
        return dataset
    return f"{dataset} {instance[0].upper()}"


def _finish(run: Record, info: Record, time_limit: float) -> None:
    best, ours, bound = info["best_known"], run.get("cost"), run.get("cost_bound")
    ok = run.get("status") in ("optimal", "feasible")
    run["gap_pct"] = 100 * (ours - best) / best if ok and ours is not None and best else None
    run["bound_gap_pct"] = 100 * (best - bound) / best if ok and bound is not None and best else None
    run["proven_optimal"] = run.get("status") == "optimal"
    run["overran"] = overran(run.get("wall_s"), time_limit)
    suspicious = []
    if ok and ours is not None and info["best_bound"] is not None and ours < info["best_bound"] - 1e-6:
        suspicious.append(f"cost {ours:g} below the best known bound {info['best_bound']:g}")
    if ok and bound is not None and info["best_known"] is not None and bound > info["best_known"] + 1e-6:
        suspicious.append(f"bound {bound:g} above the best known value {info['best_known']:g}")
    if suspicious:
        run["suspicious"] = "; ".join(suspicious)


def run_gap(data_dir: str | Path, instances: Sequence[str], time_limit: float, *, out: str | None = None,
            kill_after: float | None = None, max_memory_mib: float) -> Record:
    """Solve each instance with ``matching.solve`` in its own process; compare with the best known."""
    catalogue = read_catalogue(data_dir)
    kill_after = kill_after or 3 * time_limit + 60
    results: Record = {"benchmark": "gap", "command": command_line(), "machine": machine(), "data_dir": str(data_dir),
                       "time_limit": time_limit, "kill_after": kill_after, "instances": [], "summary": {}}
    with tempfile.TemporaryDirectory(prefix="sanhu-gap-") as scratch:
        for number_done, name in enumerate(instances, 1):
            info = catalogue[name]
            say(f"[{number_done}/{len(instances)}] {name} ({info['jobs']} jobs, {info['agents']} agents) ...")
            job = {"method": "sanhu", "time_limit": time_limit, "gap": str(Path(data_dir) / name)}
            run = run_isolated(job, Path(scratch), kill_after=kill_after, max_memory_mib=max_memory_mib)
            _finish(run, info, time_limit)
            results["instances"].append({**info, "type": instance_type(name), **run})
            error = f", {run['error']}" if run.get("error") else ""
            say(f"    {run.get('status')}, cost {run.get('cost')}, bound {run.get('cost_bound')}, best known "
                f"{info['best_known']:g}, {run.get('wall_s') or 0:.1f} s{error}")
            results["summary"] = _summary(results["instances"])
            if out:
                write_json(out, results)
    return results


def _summary(rows: list[Record]) -> Record:
    summary: Record = {}
    for kind in dict.fromkeys(row["type"] for row in rows):
        group = [row for row in rows if row["type"] == kind]
        gaps = [row["gap_pct"] for row in group if row.get("gap_pct") is not None]
        walls = [row["wall_s"] for row in group if row.get("wall_s") is not None]
        summary[kind] = {
            "instances": len(group),
            "with_plan": len(gaps),
            "proven_optimal": sum(1 for row in group if row.get("proven_optimal")),
            "at_best_known": sum(1 for gap in gaps if gap <= 1e-9),
            "mean_gap_pct": statistics.fmean(gaps) if gaps else None,
            "max_gap_pct": max(gaps) if gaps else None,
            "mean_wall_s": statistics.fmean(walls) if walls else None,
            "max_wall_s": max(walls) if walls else None,
            "failures": {row["instance"]: row.get("status") for row in group if row.get("gap_pct") is None},
        }
    return summary


_HEADER = ("instance", "jobs × agents", "status", "cost", "cost bound", "best known", "gap %", "bound gap %",
           "proven", "wall s", "peak MiB", "engine")


def gap_tables(results: Record) -> str:
    """Markdown: one row per instance, then the summary by type."""
    rows = [[row["instance"], f"{row['jobs']} × {row['agents']}",
             row.get("status", "?") + (f", over limit by {row['wall_s'] - results['time_limit']:.0f} s"
                                        if overran(row.get("wall_s"), results["time_limit"]) else ""),
             number(row.get("cost"), 0), number(row.get("cost_bound"), 0), number(row.get("best_known"), 0),
             number(row.get("gap_pct"), 3), number(row.get("bound_gap_pct"), 3), number(row.get("proven_optimal")),
             seconds(row.get("wall_s")), number(row.get("peak_mib"), 0), row.get("engine") or "–"]
            for row in results["instances"]]
    out = [f"### GAP instances, time limit {results['time_limit']:g} s\n",
           markdown_table(_HEADER, rows, "lrl" + "r" * 8 + "l")]
    notes = [f"- {row['instance']}: {row.get('error') or row.get('suspicious')}"
             for row in results["instances"] if row.get("error") or row.get("suspicious")]
    if notes:
        out += ["\nNotes:\n", *notes]
    summary_rows = [[kind, s["instances"], s["with_plan"], s["proven_optimal"], s["at_best_known"],
                     number(s["mean_gap_pct"], 3), number(s["max_gap_pct"], 3), number(s["mean_wall_s"], 1),
                     number(s["max_wall_s"], 1)] for kind, s in results["summary"].items()]
    out += ["\nBy type:\n", markdown_table(("type", "instances", "with plan", "proven optimal", "at best known",
                                            "mean gap %", "max gap %", "mean wall s", "max wall s"), summary_rows)]
    return "\n".join(out) + "\n"
