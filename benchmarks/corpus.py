"""The engine policy on the corpus of day families: ``auto`` against every single engine, day by day.

For every family (``benchmarks.families``), size and seed (and, with ``--tiers``, the generator's
tiers) the day is written once to a scratch file and solved in its own child process
(``benchmarks.runner``) by each engine configuration, with the same time limit:

``auto``        ``solve(problem, time_limit=T)``: the default policy.
``cp-sat-1``    ``engine="cp-sat", workers=1``.
``cp-sat-all``  ``engine="cp-sat", workers=os.cpu_count()``.
``scip``        ``engine="scip"``.
``highs``       ``engine="highs"``.
``scip-tiers``, ``highs-tiers``  the same engines with coverage and cost one after the other
                (``combine_tiers=False``) instead of as one objective.

Every configuration keeps sanhu's decomposition into components, starts and bounds; only the exact
engine differs. Per run: wall seconds (network, search, reasons), status, coverage, its bound and gap;
a run proving its day in under a second is the fastest of three.
Per day: the best single engine (the fastest to prove the day optimal; none when none does) and
``auto``'s wall time over the best's.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.report import command_line, machine, markdown_table, number, say, seconds, write_json
from benchmarks.runner import run_isolated

__all__ = ["CONFIGURATIONS", "run_corpus", "corpus_tables", "annotate_day"]

Record = dict[str, Any]
CONFIGURATIONS = {"auto": "sanhu", "cp-sat-1": "engine-cp-sat-1", "cp-sat-all": "engine-cp-sat-all",
                  "scip": "engine-scip", "highs": "engine-highs", "scip-tiers": "engine-scip-tiers",
                  "highs-tiers": "engine-highs-tiers"}
"""Configuration name → ``benchmarks.child`` method."""
SINGLE = ("cp-sat-1", "cp-sat-all", "scip", "highs", "scip-tiers", "highs-tiers")


def _day(family: str, size: int, seed: int, folder: Path) -> tuple[Path, Record]:
    if family in ("demo", "city", "metro"):
        from matching import generate_day

        day = generate_day(family, seed)
    else:
        from benchmarks.families import family_day

        day = family_day(family, size, seed)
    path = folder / f"{family}-{size}-{seed}.json"
    path.write_text(json.dumps(day, ensure_ascii=False), encoding="utf-8")
    return path, {"needs": len(day["needs"]), "resources": len(day["resources"]), "arcs": len(day.get("arcs", ()))}


def _proven(run: Record) -> bool:
    return run.get("status") == "optimal"


def annotate_day(day: Record) -> None:
    """The day's best single engine (fastest proof) and ``auto``'s ratio to it, added to ``day``."""
    runs = day["runs"]
    proofs = {name: runs[name]["wall_s"] for name in SINGLE if name in runs and _proven(runs[name])}
    day["best"] = min(proofs, key=proofs.get) if proofs else None
    auto = runs.get("auto", {})
    day["auto_proven"] = _proven(auto)
    day["ratio"] = (auto["wall_s"] / proofs[day["best"]]
                    if day["best"] and _proven(auto) and proofs[day["best"]] > 0 else None)
    day["auto_misses"] = bool(proofs) and not _proven(auto)


def run_corpus(days: Sequence[tuple[str, int, int]], configurations: Sequence[str], time_limit: float, *,
               out: str | None = None, kill_after: float | None = None, max_memory_mib: float) -> Record:
    """Run every configuration on every (family, size, seed) day; return (and write to ``out``) every number."""
    kill_after = kill_after or 2 * time_limit + 60
    results: Record = {"benchmark": "families", "command": command_line(), "machine": machine(),
                       "time_limit": time_limit, "configurations": list(configurations), "days": []}
    total, done = len(days) * len(configurations), 0
    with tempfile.TemporaryDirectory(prefix="sanhu-corpus-") as scratch:
        folder = Path(scratch)
        for family, size, seed in days:
            path, facts = _day(family, size, seed, folder)
            day: Record = {"family": family, "size": size, "seed": seed, **facts, "runs": {}}
            results["days"].append(day)
            jobs = {name: {"method": CONFIGURATIONS[name], "time_limit": time_limit, "day": str(path)}
                    for name in configurations}
            for name in configurations:
                done += 1
                run = _best_of(jobs[name], folder, kill_after, max_memory_mib)
                day["runs"][name] = run
                say(f"[{done}/{total}] {family} {size} seed {seed}: {name}: {_cell(run)}")
            for name in _compared_with_a_quick_run(day["runs"]):
                run = _best_of(jobs[name], folder, kill_after, max_memory_mib, first=day["runs"][name])
                day["runs"][name] = run
                say(f"{family} {size} seed {seed}: {name} again beside a run under {QUICK} s: {_cell(run)}")
            annotate_day(day)
            if out:
                write_json(out, results)
            path.unlink(missing_ok=True)
    return results


REPEATS = 5
"""Runs that prove their day in under ``QUICK`` seconds are repeated this many times, keeping the fastest:
below a second, process and timer noise is as large as the differences between engines (a 30-need day's
first solve in a fresh process varies from 15 to 22 ms with the same engine). So are the day's other proofs
within ``NEAR`` times that: a best of five against one run would favour the quick configuration (outbound-300
s2: SCIP's five runs took 0.83 to 1.35 s)."""
QUICK = 1.0
NEAR = 3.0


def _compared_with_a_quick_run(runs: Record) -> list[str]:
    """The configurations of a day, proven but run once, whose time is within ``NEAR`` times a proof under
    ``QUICK`` seconds (which was repeated)."""
    quick = [run["wall_s"] for run in runs.values() if _proven(run) and run["wall_s"] < QUICK]
    if not quick:
        return []
    return [name for name, run in runs.items()
            if _proven(run) and "repeats" not in run and run["wall_s"] < NEAR * min(quick)]


def _best_of(job: Record, folder: Path, kill_after: float, max_memory_mib: float, *,
             first: Record | None = None) -> Record:
    """The job's fastest proof of ``REPEATS`` runs when the first (``first``, or one run now) proves the day
    in under ``QUICK`` seconds or is given; else the one run."""
    if first is None:
        run = run_isolated(job, folder, kill_after=kill_after, max_memory_mib=max_memory_mib)
        if not (_proven(run) and run["wall_s"] < QUICK):
            return run
    else:
        run = first
    times = [run["wall_s"]]
    for _ in range(REPEATS - 1):
        again = run_isolated(job, folder, kill_after=kill_after, max_memory_mib=max_memory_mib)
        times.append(again.get("wall_s"))
        if _proven(again) and again["wall_s"] < run["wall_s"]:
            run = again
    return {**run, "repeats": times}


def _cell(run: Record) -> str:
    """Time to proof, or the status and coverage gap at the limit."""
    status = run.get("status", "?")
    if status == "optimal":
        return seconds(run.get("wall_s")) + " s"
    value, bound = run.get("coverage"), run.get("coverage_bound")
    if status == "feasible" and value is not None and bound:
        return f"{status} {100 * (bound - value) / bound:.2f} %"
    return status


def corpus_tables(results: Record) -> str:
    """Markdown: one row per day (every configuration's cell, the best engine, auto's ratio), then the summary."""
    names = results["configurations"]
    header = ["family", "needs", "seed", *names, "best", "auto / best"]
    rows = []
    for day in results["days"]:
        rows.append([day["family"], str(day["needs"]), str(day["seed"]),
                     *(_cell(day["runs"][name]) if name in day["runs"] else "–" for name in names),
                     day.get("best") or "none proves", number(day.get("ratio"))])
    lines = [markdown_table(header, rows, "lrr" + "r" * len(names) + "lr"), ""]
    ratios = [(day["ratio"], day) for day in results["days"] if day.get("ratio") is not None]
    misses = [day for day in results["days"] if day.get("auto_misses")]
    if ratios:
        worst, where = max(ratios, key=lambda pair: pair[0])
        lines.append(f"Worst auto / best single engine: {worst:.2f} ({where['family']}, {where['needs']} needs, "
                     f"seed {where['seed']}); over 1.5 on {sum(r > 1.5 for r, _ in ratios)} of {len(ratios)} days "
                     "that auto proves.")
    lines.append(f"Days some single engine proves and auto does not: {len(misses)}"
                 + (": " + ", ".join(f"{d['family']} {d['needs']} seed {d['seed']}" for d in misses) if misses else "")
                 + ".")
    return "\n".join(lines)
